import {
  CAPABILITY_TYPES,
  EFFECT_TYPES,
  RISK_LEVELS,
  isValidScope,
  parseOptions,
  type CapabilityInfo,
  type CapabilityType,
  type EffectType,
  type RiskLevel,
} from '@brane/policy-engine';
import { isDataLabel } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { option } from '@brane/policy-engine';
import { resolveNames, type KeysOption } from './capabilityNames.js';
import { markNamedBySource } from './minifiedParams.js';
import { setOutputFinisher } from './outputFinisher.js';

/** What a capability's effect is declared as; `reversible` and `external` default to `false`. */
export interface EffectOptions {
  readonly type: EffectType;
  readonly reversible?: boolean | undefined;
  readonly external?: boolean | undefined;
  readonly description?: string | undefined;
}

/** Options of `@Capability` and `runtime.capability`. All optional. */
export interface CapabilityOptions {
  /** Unique per runtime; the name policies target. Default: the method or function name. */
  readonly name?: string | undefined;
  /** Default `tool`. */
  readonly type?: CapabilityType | undefined;
  /** Default `medium`: unknown, so neither harmless nor high risk. */
  readonly risk?: RiskLevel | undefined;
  readonly effect?: EffectOptions | undefined;
  /** Named side effects, such as `sends_email`. */
  readonly sideEffects?: readonly string[] | undefined;
  /** Scopes the agent must hold; without one of them the action is denied before any policy runs. */
  readonly scopes?: readonly string[] | undefined;
  readonly dataNamespace?: string | undefined;
  readonly owner?: string | undefined;
  readonly description?: string | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** Argument names, in order. Default: read from the function's parameter list. */
  readonly params?: readonly string[] | undefined;
  /**
   * For a capability that takes one object: the keys it takes, when its own parameter list cannot say (a
   * `...rest` pattern, a bound function). Default: the keys its destructuring pattern names (`({ query, limit })`),
   * or any key for a `...rest` pattern. A `transform_input` naming any other key is a deny. A function is read
   * each time a transform is checked, for keys that can change (an MCP tool whose input schema is updated).
   */
  readonly keys?: KeysOption | undefined;
  /**
   * Whether the capability returns a promise. Default: `true` for an `async` function. Set it for a plain
   * function that returns a promise, so that its policies may be async and its denials arrive as rejections.
   */
  readonly async?: boolean | undefined;
  /**
   * Whether the capability streams: an `async function*` or `function*`, or a function that returns an
   * `AsyncIterable`, an `Iterable` or a web `ReadableStream` (or a promise of one). Each call then returns
   * an async generator: the before-policies run before the first chunk, the body runs inside its action
   * until the stream ends, and the after-policies decide on every chunk. A generator function that does not
   * set it is refused when it is governed: its body would run after its action ended.
   */
  readonly stream?: boolean | undefined;
  /**
   * What the capability reaches only through Brane's sandbox helpers (`sandboxFetch`, `sandboxPath`), so
   * that a `sandbox` decision limiting it can be honoured. A sandbox that limits hosts or paths of a
   * capability that does not declare them is a deny: Brane never runs a capability unconstrained instead.
   */
  readonly sandbox?: { readonly network?: boolean | undefined; readonly filesystem?: boolean | undefined } | undefined;
  /**
   * For a model capability: the model and provider it uses, and those a `route` decision may send it to.
   * A route to a model or provider not listed here is a deny.
   */
  readonly routing?: RoutingOptions | undefined;
  /** `sync` writes this capability's decision record before it runs. Default: the runtime's audit durability. */
  readonly durability?: 'async' | 'sync' | undefined;
  /** Arguments and output fields, by name, masked wherever they appear in audit events (`['cardNumber']`). */
  readonly sensitive?: readonly string[] | undefined;
  /**
   * Data labels of what the capability returns: `['pii']` for a customer record, `['secret']` for a credential,
   * `['untrusted']` for a fetched web page or an inbound email. Once it has run in a session, the session holds
   * them (`ctx.session.has({ label })`), and later arguments carrying its values are tainted (`ctx.argLabels`).
   */
  readonly produces?: readonly string[] | undefined;
  /**
   * For an adapter whose output holds a copy of part of itself (MCP's text copy of `structuredContent`): called with
   * what the body returned and what the policies left of it, whenever they changed it (a redaction, a transform), on
   * every path a call takes (a direct call, `runtime.resume`); what it returns is the call's result, and what it
   * throws fails the call. Not called for the chunks of a stream.
   */
  readonly finishOutput?: ((raw: unknown, final: unknown) => unknown) | undefined;
}

/** The models and providers a model capability uses and can be routed to. */
export interface RoutingOptions {
  readonly model?: string | undefined;
  readonly provider?: string | undefined;
  readonly models?: readonly string[] | undefined;
  readonly providers?: readonly string[] | undefined;
}

/** A validated capability: what policies see, plus how the runtime calls it. */
export interface CapabilityDefinition extends CapabilityInfo {
  /** Whether calls return a promise (or, streaming, an async generator); async capabilities may have async policies. */
  readonly async: boolean;
  /** Whether calls return a governed stream of chunks (`stream: true`). */
  readonly stream: boolean;
  /** Where it was declared, for messages: `SupportAgent.refundCustomer`, `runtime.capability(search)`. */
  readonly declaredAt: string;
  /** What it reaches only through the sandbox helpers. */
  readonly sandbox: { readonly network: boolean; readonly filesystem: boolean };
  /** Its models and providers, for a model capability that can be routed. */
  readonly routing: RoutingOptions | undefined;
  /** Its own audit durability, when it sets one. */
  readonly durability: 'async' | 'sync' | undefined;
  /** Names masked in its audit events. */
  readonly sensitive: readonly string[];
  /** For a capability that takes one object: the keys it takes, or `undefined` for any key. */
  readonly keys: readonly string[] | undefined;
  /** The data labels of its output, sorted. */
  readonly produces: readonly string[];
}

const text = option.string().min(1);
const identifier = option.string().regex(/^[A-Za-z_$][\w$]*$/, 'must be a JavaScript identifier');
const optionsSchema = option.strictObject({
  name: option
    .string()
    .regex(/^[^\s*]+$/, 'must be non-empty, without spaces or `*`')
    .optional(),
  type: option.enum(CAPABILITY_TYPES).optional(),
  risk: option.enum(RISK_LEVELS).optional(),
  effect: option
    .strictObject({
      type: option.enum(EFFECT_TYPES),
      reversible: option.boolean().optional(),
      external: option.boolean().optional(),
      description: option.string().optional(),
    })
    .optional(),
  sideEffects: option.array(text).optional(),
  scopes: option
    .array(option.string().refine(isValidScope, 'must be a scope such as `refunds:create` or `refunds:*`'))
    .optional(),
  dataNamespace: text.optional(),
  owner: text.optional(),
  description: option.string().optional(),
  metadata: option.record().optional(),
  params: option
    .array(identifier)
    .refine((names) => new Set(names).size === names.length, 'must not repeat a name')
    .optional(),
  keys: option
    .union([
      option
        .array(option.string())
        .refine((names) => new Set(names).size === names.length, 'must not repeat a key')
        .refine((names) => !names.includes('__proto__'), 'must not name `__proto__`'),
      option.custom<() => readonly string[] | undefined>((value) => typeof value === 'function', 'must be a function'),
    ])
    .optional(),
  async: option.boolean().optional(),
  stream: option.boolean().optional(),
  sandbox: option
    .strictObject({ network: option.boolean().optional(), filesystem: option.boolean().optional() })
    .optional(),
  routing: option
    .strictObject({
      model: text.optional(),
      provider: text.optional(),
      models: option.array(text).optional(),
      providers: option.array(text).optional(),
    })
    .optional(),
  durability: option.enum(['async', 'sync']).optional(),
  sensitive: option.array(text).optional(),
  produces: option
    .array(
      option
        .string()
        .refine(isDataLabel, 'must be a data label: 1-64 lowercase letters, digits and `_ . : -`, such as `pii`'),
    )
    .max(32)
    .optional(),
  finishOutput: option
    .custom<(raw: unknown, final: unknown) => unknown>((value) => typeof value === 'function', 'must be a function')
    .optional(),
});

const definitions = new WeakSet<CapabilityDefinition>();

/**
 * Validates capability options and returns the frozen {@link CapabilityDefinition}. With `fn`, argument
 * names come from `params`, else from `fn`'s parameter list, else (one destructured object parameter) from
 * the keys of the object passed at call time; and `async` defaults to whether `fn` is an async function.
 *
 * @param declaredAt where the capability is declared, for error messages
 */
export function defineCapability(
  options: CapabilityOptions,
  fn: ((...args: never[]) => unknown) | undefined,
  declaredAt: string,
  defaultName?: string,
): CapabilityDefinition {
  const parsed = parseOptions(optionsSchema, options, declaredAt);
  const name = parsed.name ?? defaultName;
  if (name === undefined || name === '') {
    throw new ConfigurationError('INVALID_OPTIONS', `${declaredAt}: \`name\` is required (the function has no name)`);
  }
  const names = resolveNames(parsed, fn, declaredAt);
  const stream = parsed.stream ?? false;
  if (stream && parsed.async === false) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${declaredAt}: a streaming capability (\`stream: true\`) is always consumed asynchronously; remove \`async: false\``,
    );
  }
  const definition: CapabilityDefinition = Object.freeze({
    name,
    type: parsed.type ?? 'tool',
    risk: parsed.risk ?? 'medium',
    effect:
      parsed.effect === undefined
        ? undefined
        : Object.freeze({
            type: parsed.effect.type,
            reversible: parsed.effect.reversible ?? false,
            external: parsed.effect.external ?? false,
            description: parsed.effect.description,
          }),
    sideEffects: Object.freeze(parsed.sideEffects ?? []),
    scopes: Object.freeze(parsed.scopes ?? []),
    dataNamespace: parsed.dataNamespace,
    owner: parsed.owner,
    description: parsed.description,
    metadata: Object.freeze({ ...parsed.metadata }),
    params: names.params,
    // A getter when the keys come from a function: read when a transform is checked, never copied stale.
    get keys() {
      return names.keys();
    },
    async: stream || (parsed.async ?? isAsyncFunction(fn)),
    stream,
    declaredAt,
    sandbox: Object.freeze({
      network: parsed.sandbox?.network ?? false,
      filesystem: parsed.sandbox?.filesystem ?? false,
    }),
    routing: routing(parsed.routing, parsed.type ?? 'tool', declaredAt),
    durability: parsed.durability,
    sensitive: Object.freeze([...(parsed.sensitive ?? [])]),
    produces: Object.freeze([...new Set(parsed.produces ?? [])].sort()),
  });
  definitions.add(definition);
  setOutputFinisher(definition, parsed.finishOutput);
  if (parsed.params === undefined && parsed.keys === undefined && names.params !== undefined) {
    markNamedBySource(definition);
  }
  return definition;
}

/** Whether `value` was made by {@link defineCapability}. */
export function isCapabilityDefinition(value: unknown): value is CapabilityDefinition {
  return typeof value === 'object' && value !== null && definitions.has(value as CapabilityDefinition);
}

function routing(options: RoutingOptions | undefined, type: string, declaredAt: string): RoutingOptions | undefined {
  if (options === undefined) return undefined;
  if (type !== 'model') {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${declaredAt}: \`routing\` is for model capabilities (\`type: 'model'\`)`,
    );
  }
  return Object.freeze({
    model: options.model,
    provider: options.provider,
    models: options.models === undefined ? undefined : Object.freeze([...options.models]),
    providers: options.providers === undefined ? undefined : Object.freeze([...options.providers]),
  });
}

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && Object.prototype.toString.call(fn) === '[object AsyncFunction]';
}
