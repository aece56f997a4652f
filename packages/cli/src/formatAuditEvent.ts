import type { AuditDecision, AuditEvent } from '@brane/audit';
import { formatTable } from './formatTable.js';

/**
 * What happened in one audit event, in a few words: the decision and its reason, the outcome, who approved.
 *
 * @example
 * describeAuditEvent(completed) // 'denied (before): Refund exceeds the limit'
 */
export function describeAuditEvent(event: AuditEvent): string {
  switch (event.type) {
    case 'action':
      return recordText(event);
    case 'action.created': {
      const who = [event.tenantId, event.principalId].filter((part) => part !== undefined).join('/');
      return `${event.risk}-risk ${event.capabilityType}${who === '' ? '' : ` for ${who}`} ${compactJson(event.args)}`;
    }
    case 'policy.evaluated':
      return [
        `${event.stage} ${event.policyVersion === undefined ? event.policyName : `${event.policyName}@${event.policyVersion}`}`,
        `-> ${decisionText(event.decision)}`,
        `(${formatMs(event.durationMs)}${event.enforced ? '' : ', shadow'}${event.failure === undefined ? '' : `, ${event.failure}`})`,
      ].join(' ');
    case 'decision.enforced':
      return `${event.stage} -> ${decisionText(event.decision)}${event.markedForReview ? ' (marked for review)' : ''}`;
    case 'action.executed':
      return event.error === undefined
        ? `ran in ${formatMs(event.durationMs)}`
        : `threw ${event.error.name}: ${event.error.message} (${formatMs(event.durationMs)})`;
    case 'action.completed':
      return [
        event.outcome,
        event.stage === undefined ? '' : ` (${event.stage})`,
        event.reason === undefined ? '' : `: ${event.reason}`,
        event.approvalId === undefined ? '' : ` [approval ${event.approvalId}]`,
      ].join('');
    default:
      return approvalText(event);
  }
}

/** A version 2 record: the outcome (or the decision of a `decided` record), its reason, and each policy. */
function recordText(record: Extract<AuditEvent, { type: 'action' }>): string {
  const decision = record.decisions.after ?? record.decisions.before;
  const head =
    record.outcome === undefined
      ? `decided ${decision === undefined ? 'allow' : decisionText(decision)}`
      : [
          record.outcome,
          record.stage === undefined ? '' : ` (${record.stage})`,
          record.reason === undefined ? '' : `: ${record.reason}`,
        ].join('');
  const policies = record.policies.map(
    (policy) =>
      `${policy.version === undefined ? policy.name : `${policy.name}@${policy.version}`} -> ${policy.decision}${policy.shadow === true ? ' (shadow)' : ''}`,
  );
  const approval =
    record.approval === undefined ? '' : ` [approval ${record.approval.approvalId} ${record.approval.status}]`;
  return `${head}${approval}${policies.length === 0 ? '' : ` | ${policies.join(', ')}`} (${formatMs(record.durationMs)})`;
}

function approvalText(event: Extract<AuditEvent, { approvalId: string; by?: string }>): string {
  const parts = [`approval ${event.approvalId}`];
  if (event.by !== undefined) parts.push(`by ${event.by}`);
  if (event.approverGroups !== undefined) parts.push(`for ${event.approverGroups.join(', ')}`);
  if (event.expiresAt !== undefined) parts.push(`expires ${event.expiresAt}`);
  if (event.comment !== undefined) parts.push(`"${event.comment}"`);
  if (event.reason !== undefined) parts.push(`withdrawn: ${event.reason}`);
  return parts.join(' ');
}

function decisionText(decision: AuditDecision): string {
  return decision.reason === undefined || decision.reason === ''
    ? decision.type
    : `${decision.type}: ${decision.reason}`;
}

function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
}

/** JSON on one line, cut at 80 characters. */
function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Audit events as a table, one line each: time, type, capability, action id, and what happened. A log is read as
 * it is on disk: an event of a shape no sink writes is printed on its row too, as the JSON it holds.
 */
export function formatAuditEvents(events: readonly AuditEvent[]): string {
  return formatTable(
    ['TIME', 'TYPE', 'CAPABILITY', 'ACTION', 'DETAIL'],
    events.map((event) => [
      cellText(event.time),
      cellText(event.type),
      cellText(event.capability),
      cellText(event.actionId),
      detailText(event),
    ]),
  );
}

/** A field as text: a string as it is, nothing as nothing, anything else as its JSON. */
function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return jsonText(value);
}

/** {@link describeAuditEvent}, or, for an event it cannot describe (a field missing or of the wrong type), its JSON. */
function detailText(event: AuditEvent): string {
  try {
    return describeAuditEvent(event);
  } catch {
    return `not an event of a known shape: ${jsonText(event)}`;
  }
}

/** {@link compactJson}, or a note for a value nested too deeply for `JSON.stringify`. */
function jsonText(value: unknown): string {
  try {
    return compactJson(value);
  } catch {
    return '(nested too deeply to print)';
  }
}
