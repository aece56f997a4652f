import type { ApprovalRecord } from '@brane/approvals';
import { clippedText } from './visibleText.js';

/** The most arguments a summary names. */
const SUMMARY_ARGS = 3;

/**
 * One sentence on what the agent wants to do, for the inbox and the webhooks: who, which capability, the first
 * arguments, which policies asked and why. Every value goes through `visibleText` and is clipped, so the sentence
 * stays one short line whatever the agent passed; it is plain text, to be escaped where it is shown.
 *
 * @example
 * summarizeApproval(record); // 'support-agent wants payments.refund (risk high) for tenant acme with amountUsd=25000, customerId="c1": refund_limit@1.0 asks: Over the limit'
 */
export function summarizeApproval(record: ApprovalRecord): string {
  const who = record.agentId === undefined ? 'An agent' : clippedText(record.agentId, 60);
  const risk = record.risk === undefined ? '' : ` (risk ${clippedText(record.risk, 20)})`;
  const tenant = record.tenantId === undefined ? '' : ` for tenant ${clippedText(record.tenantId, 60)}`;
  const entries = Object.entries(record.args);
  const shown = entries
    .slice(0, SUMMARY_ARGS)
    .map(([name, value]) => `${clippedText(name, 40)}=${clippedText(JSON.stringify(value) ?? '', 60)}`);
  const more = entries.length > SUMMARY_ARGS ? ` and ${entries.length - SUMMARY_ARGS} more` : '';
  const args = shown.length === 0 ? '' : ` with ${shown.join(', ')}${more}`;
  const policies = record.policies.map((policy) => policyLabel(policy)).join(', ') || 'a policy';
  return `${who} wants ${clippedText(record.capability, 80)}${risk}${tenant}${args}: ${clippedText(policies, 120)} asks: ${clippedText(record.request.reason, 160)}`;
}

/** `name@version`, or the name alone. */
export function policyLabel(policy: { readonly name: string; readonly version?: string | undefined }): string {
  return policy.version === undefined ? policy.name : `${policy.name}@${policy.version}`;
}

/** How long until `expiresAt`, for people: `in 14 min`, `in 2 h 5 min`, `expired`. */
export function timeLeft(expiresAt: string, nowMs: number): string {
  const ms = Date.parse(expiresAt) - nowMs;
  if (!Number.isFinite(ms) || ms <= 0) return 'expired';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `in ${hours} h ${minutes % 60} min`;
  return `in ${Math.floor(hours / 24)} days`;
}
