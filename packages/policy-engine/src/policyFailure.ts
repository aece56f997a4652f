import { Decision } from '@brane/decisions';
import { PolicyEvaluationError, describeValue, type PolicyFailureCode } from '@brane/errors';
import type { Policy } from './Policy.js';
import type { PolicyContext } from './PolicyContext.js';
import { thrownText } from './thrownText.js';

/** The `detail` of a `POLICY_ERROR` failure whose policy returned a forged `Decision` (it did not throw). */
export const FORGED_DECISION = Symbol('forged Decision');

/** A failed policy's deny, and the error that says why it failed. */
export interface PolicyFailure {
  readonly decision: Decision;
  readonly cause: PolicyEvaluationError;
}

/**
 * The deny for a policy that failed: threw or rejected, timed out, returned something that is not a
 * Decision, or returned a promise to a synchronous capability. Fail closed: a failure is never an allow.
 */
export function policyFailure(
  policy: Policy,
  ctx: PolicyContext,
  code: PolicyFailureCode,
  error?: unknown,
  detail?: unknown,
): PolicyFailure {
  const capability = ctx.capability.name;
  const cause = new PolicyEvaluationError(
    code,
    `Policy \`${policy.name}\` ${failureText(code, capability, detail, error)}`,
    {
      policyName: policy.name,
      policyVersion: policy.version,
      cause: error,
      details: { capability, stage: ctx.stage },
    },
  );
  const reason = `Policy \`${policy.name}\` failed (${code}), so the action is denied`;
  const decision = Decision.deny(reason, {
    metadata: { failure: code },
    policyName: policy.name,
    policyVersion: policy.version,
  });
  return { decision, cause };
}

function failureText(code: PolicyFailureCode, capability: string, detail: unknown, error: unknown): string {
  switch (code) {
    case 'POLICY_ERROR':
      return detail === FORGED_DECISION
        ? 'returned an object that passes `instanceof Decision` but was not made by the Decision constructor (a forged Decision, or a Proxy of one)'
        : `threw or rejected: ${thrownText(error)}`;
    case 'POLICY_TIMEOUT':
      return `did not settle within ${String(detail)} ms`;
    case 'INVALID_DECISION':
      return `returned ${describeValue(detail)}, not a Decision: return Decision.allow() or Decision.deny(reason)${looksLikeDecision(detail) ? ' (it looks like a Decision from another copy of @brane/decisions: is the package installed twice?)' : ''}`;
    case 'ASYNC_POLICY_ON_SYNC_CAPABILITY':
      return `returned a promise, but \`${capability}\` is synchronous: make the policy synchronous, or the capability async`;
  }
}

function looksLikeDecision(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { constructor?: { name?: unknown } }).constructor?.name === 'Decision'
  );
}
