import { ApprovalError } from '@brane/errors';
import type { ToolExecutionOptions } from 'ai';
import { canonicalJson } from '@brane/approvals';
import type { GovernedTool } from './GovernedTool.js';
import { pendingApprovalFor } from './pendingApprovalFor.js';
import type { SdkApprovalResponse } from './sdkApprovals.js';

/**
 * Runs a tool call the user approved through the SDK's flow, exactly once, on its Brane approval:
 *
 * 1. finds the Brane approval request recorded for the call (linked in this process by `needsApproval`, else
 *    a pending request for the same call: capability, arguments, tenant, principal);
 * 2. if there is none, governs the call as any other: Brane allows it (it runs once), denies it, or asks for
 *    an approval that the SDK's response does not give (the model is told it waits for approval);
 * 3. refuses a request recorded for other arguments than the approved call's (`APPROVAL_MISMATCH`);
 * 4. records the SDK's approval on the Brane request while it is pending (`runtime.approvals.approve`, by
 *    the `approver` option, with the response's reason as comment); a request approved in Brane already
 *    (by an approver, through the CLI) is used as it is, and a rejected one is refused on resume;
 * 5. `runtime.resume`s it: the before-policies run again and see `ctx.approval`, and the approval is used
 *    once: a replayed approval response is refused (`APPROVAL_ALREADY_USED`).
 */
export async function runApproved(
  governed: GovernedTool,
  input: unknown,
  options: ToolExecutionOptions,
  response: SdkApprovalResponse,
): Promise<unknown> {
  const { runtime } = governed.governor;
  const link =
    governed.governor.linkOf(governed.tool, options.toolCallId) ??
    (await pendingApprovalFor(governed, input, options.toolCallId));
  if (link === undefined) return await governed.call(input as Record<string, unknown>);
  const { approvalId } = link;
  const record = await runtime.approvals.get(approvalId);
  if (canonicalJson(record.args) !== canonicalJson(input)) {
    throw new ApprovalError(
      'APPROVAL_MISMATCH',
      approvalId,
      `Approval ${approvalId} was requested for other arguments than those of the approved tool call`,
    );
  }
  if (record.status === 'pending') {
    const approver = await governed.options.approver({
      toolName: governed.tool,
      toolCallId: options.toolCallId,
      input,
      approvalId: response.approvalId,
      reason: response.reason,
      context: options.experimental_context,
    });
    try {
      await runtime.approvals.approve(approvalId, {
        approver,
        ...(response.reason === undefined ? {} : { comment: response.reason }),
      });
    } catch (error) {
      // decided meanwhile (by another approver, or a concurrent response): resume tells which way
      if (!(error instanceof ApprovalError && error.code === 'APPROVAL_ALREADY_DECIDED')) throw error;
    }
  }
  return await runtime.resume(approvalId);
}
