/**
 * The nine decision types of the Brane decision space. `allow` and `deny` are enforced today; the runtime
 * treats every other type as a deny that says it is not supported yet, never as an allow.
 */
export const DECISION_TYPES = Object.freeze([
  'allow',
  'deny',
  'approval_required',
  'redact',
  'transform_input',
  'transform_output',
  'route',
  'sandbox',
  'log_only',
] as const);

/** One of the nine {@link DECISION_TYPES}. */
export type DecisionType = (typeof DECISION_TYPES)[number];

/** The decision types the runtime enforces in this release. */
export const ENFORCED_DECISION_TYPES: ReadonlySet<DecisionType> = new Set<DecisionType>(['allow', 'deny']);

const KNOWN: ReadonlySet<string> = new Set<string>(DECISION_TYPES);

/** Whether `value` is one of the nine decision types. */
export function isDecisionType(value: unknown): value is DecisionType {
  return typeof value === 'string' && KNOWN.has(value);
}
