import {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
  boundText,
} from '@brane/errors';
import { defaultDenialMessage, type BraneToolDenial, type BraneToolDenialInfo } from './BraneToolDenial.js';

/** Writes the message the model sees for a denial. */
export type DescribeDenial = (denial: BraneToolDenialInfo) => string;

/**
 * The {@link BraneToolDenial} the tool returns for `error`, when `error` is Brane refusing the call (a deny,
 * an approval still required, rejected, expired or unusable); `undefined` for any other error, which the
 * SDK then reports as a `tool-error` as usual (the tool's own failures, bad input, an audit trail that cannot
 * take the record).
 */
export function denialOf(
  error: unknown,
  call: { readonly tool: string; readonly capability: string },
  describe: DescribeDenial,
): BraneToolDenial | undefined {
  const info = infoOf(error, call.tool, call.capability);
  if (info === undefined) return undefined;
  let message = defaultDenialMessage(info);
  try {
    const described = describe(info);
    if (typeof described === 'string' && described !== '') message = described;
  } catch {
    // a failing describeDenial keeps the default message: the model is still told why
  }
  // Bounded whoever wrote it: a reason, or a `describeDenial` quoting the call, may be of any size.
  return Object.freeze({ type: 'brane-denial', ...info, message: boundText(message) });
}

function infoOf(error: unknown, tool: string, capability: string): BraneToolDenialInfo | undefined {
  if (error instanceof CapabilityDeniedError) {
    return defined({
      outcome: 'denied',
      tool,
      capability: error.capability,
      reason: error.reason,
      stage: error.stage,
      policy: error.policyName,
      actionId: error.actionId,
    });
  }
  if (error instanceof ApprovalRequiredError) {
    return {
      outcome: 'approval_required',
      tool,
      capability: error.capability,
      reason: error.reason,
      actionId: error.actionId,
      approvalId: error.approvalId,
      approverGroups: [...error.approverGroups],
    };
  }
  if (error instanceof ApprovalRejectedError) {
    const comment = error.comment === undefined ? '' : `: ${error.comment}`;
    return {
      outcome: 'approval_rejected',
      tool,
      capability: error.capability,
      reason: boundText(`Rejected by ${error.rejectedBy}${comment}`),
      approvalId: error.approvalId,
    };
  }
  if (error instanceof ApprovalExpiredError) {
    return {
      outcome: 'approval_expired',
      tool,
      capability: error.capability,
      reason: `The approval expired at ${error.expiresAt}`,
      approvalId: error.approvalId,
    };
  }
  if (error instanceof ApprovalError) {
    return { outcome: 'approval_unusable', tool, capability, reason: error.message, approvalId: error.approvalId };
  }
  return undefined;
}

/** `info` without its `undefined` fields, so that the denial is clean JSON. */
function defined(info: BraneToolDenialInfo): BraneToolDenialInfo {
  return Object.fromEntries(
    Object.entries(info).filter(([, value]) => value !== undefined),
  ) as unknown as BraneToolDenialInfo;
}
