import {
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
  boundText,
  type BraneError,
} from '@brane/errors';

/**
 * The default output the model gets for a tool call Brane did not let run (or whose result it withheld):
 * a policy's deny, a pending or rejected approval, an expired one, or any other Brane refusal. The run
 * continues, and the model can tell the user why. A deny's reason is the policy author's text and is
 * shown; other refusals show only their code, since their messages are written for developers. Bounded
 * (`boundText`), as is any `refusalMessage` of your own.
 *
 * @example
 * refusalMessage(deniedError) // 'Brane denied this call: Refund of $900 exceeds the limit'
 */
export function refusalMessage(error: BraneError): string {
  return boundText(describe(error));
}

function describe(error: BraneError): string {
  if (error instanceof CapabilityDeniedError) {
    return error.stage === 'after'
      ? `Brane withheld the result of this call: ${error.reason}`
      : `Brane denied this call: ${error.reason}`;
  }
  if (error instanceof ApprovalRequiredError) {
    return `This call needs approval (Brane approval ${error.approvalId}, from ${error.approverGroups.join(' or ')}); it did not run: ${error.reason}`;
  }
  if (error instanceof ApprovalRejectedError) {
    const comment = error.comment === undefined ? '' : `: ${error.comment}`;
    return `An approver (${error.rejectedBy}) rejected this call; it did not run${comment}`;
  }
  if (error instanceof ApprovalExpiredError) {
    return `The approval for this call expired at ${error.expiresAt}; it did not run`;
  }
  return `Brane refused this call (${error.code}); it did not run`;
}
