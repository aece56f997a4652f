import {
  AgentAction,
  capabilityOf,
  defineCapability,
  isCapabilityDefinition,
  parseIdentityFields,
  type CapabilityDefinition,
  type CapabilityOptions,
  type IdentityFields,
} from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import { PolicyContext, type ApprovalView, type PolicyStage } from '@brane/policy-engine';
import { testSession, type TestSessionOptions } from './testSession.js';

/** The capability to build a context for: its name, options, definition, or a `@Capability` method. */
export type CapabilityLike = string | CapabilityOptions | CapabilityDefinition | ((...args: never[]) => unknown);

/** Identity and stage of a test context. All optional; the environment defaults to `dev`. */
export interface TestContextOptions extends IdentityFields {
  /** Default `before`. */
  readonly stage?: PolicyStage;
  /** The capability's output, for an after-policy (stage `after`). */
  readonly output?: unknown;
  /** Runtime metadata, as `ctx.metadata`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** The approval the action is resumed with, as `ctx.approval` (to test what a policy does on resume). */
  readonly approval?: ApprovalView;
  /**
   * The session the action belongs to (`ctx.session`, `ctx.argLabels`): earlier `entries`, `labels` held,
   * values `reads` read under labels (fingerprinted as the runtime does), or `argLabels` by argument name.
   * Without it, the action belongs to no session, unless `sessionId` is given (then an empty one).
   */
  readonly session?: TestSessionOptions;
}

const WHERE = 'createPolicyContext';

/**
 * Builds a {@link PolicyContext} for a capability, its arguments and an identity in one call, to test a
 * policy without a Runtime. Given a `@Capability` method (or a governed function), the context uses that
 * capability's real metadata and argument names: positional arguments are named as the runtime would, and
 * a named argument the capability does not declare is an error, so a typo in a test cannot pass silently.
 *
 * @example
 * const ctx = createPolicyContext(SupportAgent.prototype.refundCustomer, ['cust_1', 250], { tenantId: 'tenant_acme', environment: 'prod' });
 * expect(policies.amountLimit(ctx)).toDeny(/exceeds/);
 */
export function createPolicyContext(
  capability: CapabilityLike,
  args: Readonly<Record<string, unknown>> | readonly unknown[] = {},
  options: TestContextOptions = {},
): PolicyContext {
  const definition = resolveCapability(capability);
  if (!isRecord(options)) throw badOptions(`options must be an object (got ${describeValue(options)})`);
  const { stage = 'before', output, metadata, approval, session, ...identity } = options;
  if (stage !== 'before' && stage !== 'after') {
    throw badOptions(`\`stage\` must be \`before\` or \`after\` (got ${describeValue(stage)})`);
  }
  if (metadata !== undefined && !isRecord(metadata)) {
    throw badOptions(`\`metadata\` must be a plain object (got ${describeValue(metadata)})`);
  }
  if (stage === 'before' && output !== undefined) {
    throw badOptions("`output` exists only at the `after` stage; pass `stage: 'after'` to test an after-policy");
  }
  const input = namedArgs(definition, args);
  const fields = parseIdentityFields(identity, WHERE);
  const view =
    session === undefined && fields.sessionId === undefined
      ? undefined
      : testSession((session === undefined ? {} : session) as TestSessionOptions, input, fields.sessionId); // checked there
  const action = new AgentAction({
    ...fields,
    ...(view === undefined ? {} : { sessionId: view.id }),
    capability: definition,
    input,
    output,
    approval: approval as ApprovalView | undefined, // AgentAction checks it
    session: view,
  });
  return new PolicyContext({ action, stage, output, metadata });
}

function resolveCapability(capability: CapabilityLike): CapabilityDefinition {
  if (typeof capability === 'string') return defineCapability({ name: capability }, undefined, WHERE);
  if (typeof capability === 'function') {
    const definition = capabilityOf(capability);
    if (definition === undefined) {
      throw invalid(`${describeValue(capability)} is not a @Capability method or a governed function`);
    }
    return definition;
  }
  if (isCapabilityDefinition(capability)) return capability;
  if (!isRecord(capability)) {
    throw invalid(
      `the capability must be a name, capability options, or a @Capability method (got ${describeValue(capability)})`,
    );
  }
  return defineCapability(capability, undefined, WHERE);
}

function namedArgs(
  definition: CapabilityDefinition,
  args: Readonly<Record<string, unknown>> | readonly unknown[],
): Record<string, unknown> {
  const { name, params } = definition;
  if (Array.isArray(args)) {
    if (params === undefined) {
      const input: unknown = args[0];
      if (args.length === 1 && isRecord(input)) return { ...input };
      throw invalid(
        `\`${name}\` declares no argument names, so positional arguments cannot be named; pass a record (\`{ amountUsd: 250 }\`), or the @Capability method instead of its name`,
      );
    }
    if (args.length > params.length) {
      throw invalid(`\`${name}\` takes ${params.length} argument(s) (${params.join(', ')}), got ${args.length}`);
    }
    return Object.fromEntries(params.map((param, i) => [param, args[i] as unknown]));
  }
  if (!isRecord(args)) {
    throw invalid(`the arguments must be a record or an array (got ${describeValue(args)})`);
  }
  const unknown = params === undefined ? [] : Object.keys(args).filter((key) => !params.includes(key));
  if (params !== undefined && unknown.length > 0) {
    throw invalid(
      `\`${name}\` has no argument ${unknown.map((key) => `\`${key}\``).join(', ')} (its arguments: ${params.join(', ') || 'none'})`,
    );
  }
  return { ...args };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function invalid(message: string): BraneError {
  return new BraneError('INVALID_ARGUMENT', `${WHERE}: ${message}`);
}

function badOptions(message: string): BraneError {
  return new BraneError('INVALID_OPTIONS', `${WHERE}: ${message}`);
}
