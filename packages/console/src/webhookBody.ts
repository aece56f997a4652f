import type { ApprovalNotice } from './ApprovalNotice.js';
import { summarizeApproval } from './summarizeApproval.js';
import { clippedText } from './visibleText.js';

/**
 * The JSON body of a webhook: `text` (a one-line message, escaped for Slack-style incoming webhooks, which read
 * it as markup) and `event` (the data, for the user's own service). `consoleUrl` links to the request.
 */
export function webhookBody(notice: ApprovalNotice, consoleUrl: string, deliveryId: string): string {
  const { record, type, state } = notice;
  const link = `${consoleUrl.replace(/\/$/, '')}/approvals/${encodeURIComponent(record.id)}`;
  const decision = record.decision;
  const what =
    type === 'approval.requested'
      ? summarizeApproval(record)
      : type === 'approval.decided' && decision !== undefined
        ? `${clippedText(record.capability, 80)} was ${decision.outcome} by ${clippedText(decision.by, 80)}`
        : `${clippedText(record.capability, 80)} is ${state}`;
  return JSON.stringify({
    text: `${slackEscape(`[${type}] ${what}`)} <${link}|open in the console>`,
    event: {
      id: deliveryId,
      type,
      approvalId: record.id,
      state,
      capability: record.capability,
      risk: record.risk,
      tenantId: record.tenantId,
      principalId: record.principalId,
      agentId: record.agentId,
      reason: record.request.reason,
      approverGroups: record.request.approverGroups,
      requestedAt: record.requestedAt,
      expiresAt: record.expiresAt,
      decision,
      url: link,
    },
  });
}

/** Slack's markup escaping: `&`, `<` and `>`, so an agent's text can neither link nor mention (`<!channel>`). */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
