import type { DecisionType } from './DecisionType.js';

/**
 * The precedence of the decision types, strongest first. When several policies decide, the composed
 * decision has the strongest type among theirs; transforms and redactions share one rank and apply in
 * priority order.
 */
export const DECISION_PRECEDENCE: Readonly<Record<DecisionType, number>> = Object.freeze({
  deny: 0,
  approval_required: 1,
  route: 2,
  sandbox: 3,
  transform_input: 4,
  transform_output: 4,
  redact: 4,
  log_only: 5,
  allow: 6,
});

/** Whether `a` outranks `b` (strictly). */
export function outranks(a: DecisionType, b: DecisionType): boolean {
  return DECISION_PRECEDENCE[a] < DECISION_PRECEDENCE[b];
}
