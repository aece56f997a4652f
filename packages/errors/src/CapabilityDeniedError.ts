import { BraneError } from './BraneError.js';
import { boundText } from './boundText.js';
import type { DecisionRecord } from './DecisionRecord.js';

/** What a {@link CapabilityDeniedError} is built from. */
export interface CapabilityDeniedErrorInit<D extends DecisionRecord = DecisionRecord> {
  /** The deny decision, annotated with the policy and action it belongs to. */
  readonly decision: D;
  /** The name of the capability that was denied. */
  readonly capability: string;
  /** `before`: the capability never ran. `after`: it ran, and its output was withheld. */
  readonly stage: 'before' | 'after';
  /** The action that was denied. */
  readonly actionId: string;
  /** Why a policy failed, when the deny comes from a failure rather than a policy's own verdict. */
  readonly cause?: unknown;
  /** The limit that had no room, when that is why the action was denied. */
  readonly limit?: LimitExceeded | undefined;
}

/** A limit that had no room for an action: which, how much it allows, what remains, when it frees up. */
export interface LimitExceeded {
  readonly key: string;
  readonly kind: 'count' | 'sum' | 'concurrent';
  readonly max: number;
  /** What this call would have used. */
  readonly cost: number;
  /** What remains of `max` right now. */
  readonly remaining: number;
  /** In how many milliseconds enough frees up, by the store's clock; `undefined` when unknown or never. */
  readonly retryAfterMs: number | undefined;
}

/**
 * A policy denied a capability use. At the `before` stage the function never ran; at the `after` stage it
 * ran and its output was not returned. The message contains the policy's reason.
 *
 * @example
 * try { await agent.refundCustomer('cust_456', 349); }
 * catch (error) { if (error instanceof CapabilityDeniedError) log(error.reason, error.policyName, error.actionId); }
 */
export class CapabilityDeniedError<D extends DecisionRecord = DecisionRecord> extends BraneError {
  declare readonly code: 'CAPABILITY_DENIED';
  /** The human-readable reason the policy gave, bounded (`boundText`). */
  readonly reason: string;
  /** The policy that denied, when one did (not for a default deny). */
  readonly policyName: string | undefined;
  /** That policy's version. */
  readonly policyVersion: string | undefined;
  /** The action that was denied, for correlation with logs and audit records. */
  readonly actionId: string;
  /** The name of the denied capability. */
  readonly capability: string;
  /** The stage at which the deny happened. */
  readonly stage: 'before' | 'after';
  /** The deny decision itself. */
  readonly decision: D;
  /** The limit that had no room, when that is why the action was denied. */
  readonly limit: LimitExceeded | undefined;
  /** When the denied call may succeed if retried, for a limit that frees up (`limit.retryAfterMs`). */
  readonly retryAfterMs: number | undefined;

  constructor(init: CapabilityDeniedErrorInit<D>) {
    const { decision, capability, stage, actionId } = init;
    const reason = boundText(decision.reason ?? 'Denied by policy');
    const by = decision.policyName === undefined ? '' : ` by policy \`${policyLabel(decision)}\``;
    super('CAPABILITY_DENIED', `Capability \`${capability}\` denied${by} (${stage}): ${reason}`, {
      cause: init.cause,
      details: {
        capability,
        stage,
        actionId,
        policyName: decision.policyName,
        policyVersion: decision.policyVersion,
        ...(init.limit === undefined ? {} : { limit: init.limit }),
      },
    });
    this.reason = reason;
    this.policyName = decision.policyName;
    this.policyVersion = decision.policyVersion;
    this.actionId = actionId;
    this.capability = capability;
    this.stage = stage;
    this.decision = decision;
    this.limit = init.limit;
    this.retryAfterMs = init.limit?.retryAfterMs;
  }
}

function policyLabel(decision: DecisionRecord): string {
  return decision.policyVersion === undefined
    ? (decision.policyName ?? '')
    : `${decision.policyName ?? ''}@${decision.policyVersion}`;
}
