/**
 * The nine decision types of the Brane decision space, all enforced by the runtime. A type it does not
 * know can never be built: `new Decision` refuses it, and a policy that returns anything but a Decision is a
 * deny.
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

const KNOWN: ReadonlySet<string> = new Set<string>(DECISION_TYPES);

/** Whether `value` is one of the nine decision types. */
export function isDecisionType(value: unknown): value is DecisionType {
  return typeof value === 'string' && KNOWN.has(value);
}
