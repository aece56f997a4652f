import { assertRequestedBy, canonicalJson, vouchedApprover, type ApprovalRecord } from '@brane/approvals';
import { ApprovalError } from '@brane/errors';
import type { ToolExecutionOptions } from 'ai';
import type { GovernedTool } from './GovernedTool.js';
import type { ToolApprovalGrant } from './GovernToolsOptions.js';
import { pendingApprovalFor } from './pendingApprovalFor.js';
import type { SdkApprovalResponse } from './sdkApprovals.js';

/**
 * Runs a tool call the user approved through the SDK's flow, exactly once, on its Brane approval:
 *
 * 1. finds the Brane approval request recorded for the call under the identity it runs as (linked in this
 *    process by `needsApproval`, else a pending request for the same call: capability, arguments, tenant,
 *    principal); another tenant's or principal's request is never found, whatever tool call id it had;
 * 2. if there is none, governs the call as any other: Brane allows it (it runs once), denies it, or asks for
 *    an approval that the SDK's response does not give (the model is told it waits for approval);
 * 3. refuses a request recorded for another tenant, principal or arguments than the approved call's
 *    (`APPROVAL_MISMATCH`), before deciding anything;
 * 4. records the SDK's approval on the Brane request while it is pending: by the approver `authorizeApprover`
 *    vouches for (its groups checked), or else under the typed name `approver`, with the response's reason as
 *    comment; a request approved in Brane already (by an approver, through the CLI) is used as it is, and a
 *    rejected one is refused on resume;
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
  const identity = runtime.identity;
  const link =
    governed.governor.links.linkOf(identity, governed.tool, options.toolCallId, input) ??
    (await pendingApprovalFor(governed, input, options.toolCallId));
  if (link === undefined) return await governed.call(input as Record<string, unknown>);
  const { approvalId } = link;
  const record = await runtime.approvals.get(approvalId);
  assertRequestedBy(record, identity);
  if (canonicalJson(record.args) !== canonicalJson(input)) {
    throw new ApprovalError(
      'APPROVAL_MISMATCH',
      approvalId,
      `Approval ${approvalId} was requested for other arguments than those of the approved tool call`,
    );
  }
  if (record.status === 'pending') {
    const grant: ToolApprovalGrant = {
      toolName: governed.tool,
      toolCallId: options.toolCallId,
      input,
      approvalId: response.approvalId,
      reason: response.reason,
      context: options.experimental_context,
    };
    try {
      await runtime.approvals.approve(approvalId, {
        approver: await approverOf(governed, record, grant),
        ...(response.reason === undefined ? {} : { comment: response.reason }),
      });
    } catch (error) {
      // decided meanwhile (by another approver, or a concurrent response): resume tells which way
      if (!(error instanceof ApprovalError && error.code === 'APPROVAL_ALREADY_DECIDED')) throw error;
    }
  }
  return await runtime.resume(approvalId);
}

/** Who approves through the SDK: the identity `authorizeApprover` vouches for, else the typed name `approver`. */
async function approverOf(governed: GovernedTool, record: ApprovalRecord, grant: ToolApprovalGrant) {
  const { authorizeApprover, approver } = governed.options;
  if (authorizeApprover === undefined) return await approver(grant);
  const request = { approval: record, outcome: 'approved' as const, claimed: undefined, context: grant };
  const vouched = await vouchedApprover(authorizeApprover, request);
  if (vouched !== undefined) return vouched;
  throw new ApprovalError(
    'APPROVER_NOT_ALLOWED',
    record.id,
    `authorizeApprover vouched for no approver of approval ${record.id}: the SDK's approval response does not approve it`,
  );
}
