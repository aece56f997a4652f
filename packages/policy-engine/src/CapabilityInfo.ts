/** Kinds of capability an agent can use. Capability names are often namespaced by kind (`tool.refund`). */
export const CAPABILITY_TYPES = Object.freeze([
  'tool',
  'model',
  'memory',
  'database',
  'mcp',
  'secret',
  'agent',
] as const);
/** One of the {@link CAPABILITY_TYPES}. */
export type CapabilityType = (typeof CAPABILITY_TYPES)[number];

/** Risk levels, lowest first. `high` and `critical` make `ctx.isHighRisk` true. */
export const RISK_LEVELS = Object.freeze(['none', 'low', 'medium', 'high', 'critical'] as const);
/** One of the {@link RISK_LEVELS}. */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Kinds of effect a capability has on the world. */
export const EFFECT_TYPES = Object.freeze([
  'none',
  'read',
  'write',
  'delete',
  'financial',
  'communication',
  'execution',
] as const);
/** One of the {@link EFFECT_TYPES}. */
export type EffectType = (typeof EFFECT_TYPES)[number];

/** What using a capability does to the world. */
export interface Effect {
  readonly type: EffectType;
  /** Whether the effect can be undone. */
  readonly reversible: boolean;
  /** Whether it reaches outside the system (a payment provider, an email, a third-party API). */
  readonly external: boolean;
  readonly description?: string | undefined;
}

/**
 * A capability as a policy sees it: everything declared about it, normalised. `@brane/core` builds these
 * from `@Capability` options; policies read them through `ctx.capability`.
 */
export interface CapabilityInfo {
  readonly name: string;
  readonly type: CapabilityType;
  readonly risk: RiskLevel;
  readonly effect: Effect | undefined;
  /** Named side effects, such as `sends_email`. */
  readonly sideEffects: readonly string[];
  /** Scopes the agent must hold; the runtime denies the action when one is missing. */
  readonly scopes: readonly string[];
  readonly dataNamespace: string | undefined;
  readonly owner: string | undefined;
  readonly description: string | undefined;
  readonly metadata: Readonly<Record<string, unknown>>;
  /**
   * The argument names, in order. `undefined` when the capability takes one plain object whose keys are the
   * argument names.
   */
  readonly params: readonly string[] | undefined;
  /**
   * For a capability that takes one plain object (`params` undefined): the keys it takes, from its destructuring
   * pattern or its `keys` option; a `transform_input` naming another key is a deny. `undefined` when it takes any
   * key (a `...rest` pattern), and for positional arguments.
   */
  readonly keys?: readonly string[] | undefined;
  /** The data labels of its output (`pii`, `secret`, `untrusted`), sorted. */
  readonly produces?: readonly string[] | undefined;
}
