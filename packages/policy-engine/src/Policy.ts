import type { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { option } from './option/option.js';
import type { PolicyContext } from './PolicyContext.js';
import type { PolicyStage } from './PolicyStage.js';
import { parseOptions } from './parseOptions.js';

/** A policy: takes the context of an action, returns a Decision (or a promise of one, for async capabilities). */
export type PolicyFunction = (ctx: PolicyContext) => Decision | PromiseLike<Decision>;

/** Which capabilities a policy applies to: an exact capability name, `*` for all, or a list of these. */
export type PolicyTarget = string | readonly string[];

/** Metadata a policy declares. All optional. */
export interface PolicyOptions {
  /** Human-readable identifier; unique per runtime. Default: the method or function name. */
  readonly name?: string | undefined;
  /** Version string, recorded on every decision the policy makes. */
  readonly version?: string | undefined;
  /** What the policy enforces. */
  readonly description?: string | undefined;
  /** Higher runs first. Default 0; ties keep registration order. */
  readonly priority?: number | undefined;
  /** `false` disables the policy without removing it. Default `true`. */
  readonly enabled?: boolean | undefined;
  /** Where the policy came from (a file, a bundle, a team). */
  readonly source?: string | undefined;
  /** How long an async policy may take before it counts as a deny. Default: the runtime's (5 s). */
  readonly timeoutMs?: number | undefined;
  /**
   * `shadow` evaluates the policy and records its decision without enforcing it: how a new policy is rolled
   * out safely. Default `enforce`.
   */
  readonly mode?: PolicyMode | undefined;
}

/** Whether a policy's decisions are enforced, or only recorded. */
export type PolicyMode = 'enforce' | 'shadow';

/** A validated, normalised policy, ready to register. */
export interface Policy {
  readonly name: string;
  readonly version: string | undefined;
  readonly description: string | undefined;
  readonly priority: number;
  readonly enabled: boolean;
  readonly source: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly mode: PolicyMode;
  readonly stage: PolicyStage;
  /** Exact capability names, or `*`. */
  readonly targets: readonly string[];
  readonly evaluate: PolicyFunction;
  /** Where it was declared: `RefundPolicies.amountLimit`, `runtime.beforeCapability(limit)`. */
  readonly declaredAt: string;
}

/** Everything {@link definePolicy} needs. */
export interface PolicyDefinition {
  readonly stage: PolicyStage;
  readonly target: PolicyTarget;
  readonly options?: PolicyOptions | undefined;
  readonly evaluate: PolicyFunction;
  /** Where the policy is declared, for error messages: ``@BeforeCapability on `RefundPolicies.limit` ``. */
  readonly declaredAt: string;
  /** The name to use when the options give none (the method or function name). */
  readonly defaultName?: string | undefined;
}

/** A name: no leading or trailing space, no line breaks. */
const NAME = /^\S(?:[^\r\n]*\S)?$/;
/** A capability name (no whitespace, no `*`) or `*`. */
const TARGET = /^(?:\*|[^\s*]+)$/;
const nameSchema = option.string().regex(NAME, 'must be a non-empty name without surrounding spaces');
const targetSchema = option
  .string()
  .regex(TARGET, 'must be a capability name or `*` (patterns such as `refund_*` are not supported)');

const optionsSchema = option.strictObject({
  name: nameSchema.optional(),
  version: nameSchema.optional(),
  description: option.string().optional(),
  priority: option.number().optional(),
  enabled: option.boolean().optional(),
  source: option.string().optional(),
  timeoutMs: option.number().int().positive().max(2_147_483_647).optional(),
  mode: option.enum(['enforce', 'shadow']).optional(),
});

const definitionSchema = option.strictObject({
  stage: option.enum(['before', 'after']),
  targets: option.array(targetSchema).min(1, 'must name at least one capability'),
  name: nameSchema,
  evaluate: option.custom<PolicyFunction>((value) => typeof value === 'function', 'must be a function'),
});

/**
 * Validates a policy's target and options and returns the normalised {@link Policy}. Every problem is a
 * `ConfigurationError` naming where the policy was declared.
 */
export function definePolicy(definition: PolicyDefinition): Policy {
  const { declaredAt } = definition;
  const options = parseOptions(optionsSchema, definition.options === undefined ? {} : definition.options, declaredAt);
  const name = options.name ?? definition.defaultName;
  if (name === undefined || name === '') {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${declaredAt}: \`name\` is required, because the policy function is anonymous; pass \`{ name: '...' }\``,
    );
  }
  const targets = typeof definition.target === 'string' ? [definition.target] : definition.target;
  const candidate = {
    stage: definition.stage,
    targets: Array.isArray(targets) ? [...new Set<unknown>(targets)] : targets,
    name,
    evaluate: definition.evaluate,
  };
  // Registering thousands of policies at start-up: well-formed definitions are checked by hand, and the
  // schema runs only to describe what is wrong. The hand check is never more lenient than the schema.
  const checked = isWellFormed(candidate) ? candidate : parseOptions(definitionSchema, candidate, declaredAt);
  return Object.freeze({
    name: checked.name,
    version: options.version,
    description: options.description,
    priority: options.priority ?? 0,
    enabled: options.enabled ?? true,
    source: options.source,
    timeoutMs: options.timeoutMs,
    mode: options.mode ?? 'enforce',
    stage: checked.stage,
    targets: Object.freeze(checked.targets),
    evaluate: checked.evaluate,
    declaredAt,
  });
}

interface WellFormedDefinition {
  readonly stage: PolicyStage;
  readonly targets: string[];
  readonly name: string;
  readonly evaluate: PolicyFunction;
}

function isWellFormed(candidate: {
  readonly stage: unknown;
  readonly targets: unknown;
  readonly name: unknown;
  readonly evaluate: unknown;
}): candidate is WellFormedDefinition {
  const { stage, targets, name, evaluate } = candidate;
  return (
    (stage === 'before' || stage === 'after') &&
    Array.isArray(targets) &&
    targets.length > 0 &&
    targets.every((target) => typeof target === 'string' && TARGET.test(target)) &&
    typeof name === 'string' &&
    NAME.test(name) &&
    typeof evaluate === 'function'
  );
}
