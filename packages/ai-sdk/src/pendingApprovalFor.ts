import type { BraneToolApproval } from './BraneToolApproval.js';
import { canonicalJson } from '@brane/approvals';
import type { GovernedTool } from './GovernedTool.js';

/**
 * A pending Brane approval request for the same call (capability, arguments, tenant and principal: what
 * Brane binds an approval to) as an approved SDK tool call that has no link in this process (the request
 * was recorded by another process, or before a restart). The oldest such request that is not linked to
 * another tool call in this process, or `undefined`.
 */
export async function pendingApprovalFor(
  governed: GovernedTool,
  input: unknown,
  toolCallId: string,
): Promise<BraneToolApproval | undefined> {
  const { runtime } = governed.governor;
  const { tenantId, principalId } = runtime.identity;
  const args = canonicalJson(input);
  const records = await runtime.approvals.list({ state: 'pending', capability: governed.capability, tenantId });
  const record = records.find(
    (candidate) =>
      candidate.tenantId === tenantId &&
      candidate.principalId === principalId &&
      canonicalJson(candidate.args) === args &&
      !governed.governor.links.isLinked(candidate.id),
  );
  if (record === undefined) return undefined;
  return {
    approvalId: record.id,
    capability: record.capability,
    toolName: governed.tool,
    toolCallId,
    tenantId,
    principalId,
    reason: record.request.reason,
    approverGroups: record.request.approverGroups,
    expiresAt: record.expiresAt,
  };
}
