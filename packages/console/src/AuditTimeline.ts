import { stat } from 'node:fs/promises';
import {
  queryAuditEvents,
  verifyAuditDirectory,
  verifyAuditLog,
  type AuditEvent,
  type AuditVerification,
  type PolicyOutcome,
} from '@brane/audit';

/** What the audit timeline is searched by; all optional, all must match. */
export interface TimelineQuery {
  readonly capability?: string | undefined;
  readonly tenant?: string | undefined;
  readonly principal?: string | undefined;
  /** The action's outcome: `allowed`, `denied`, `approval_required`, `failed`, or `open` (no outcome yet). */
  readonly outcome?: string | undefined;
  /** ISO 8601 or a date: actions that started at or after. */
  readonly since?: string | undefined;
  /** Actions that started before. */
  readonly until?: string | undefined;
  /** Only this action. */
  readonly action?: string | undefined;
}

/** A policy's verdict on an action. */
export interface TimelinePolicy {
  readonly stage: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly decision: string;
  readonly reason: string | undefined;
  readonly durationMs: number;
  readonly enforced: boolean;
}

/** One action of the audit trail, with everything the log says of it. */
export interface TimelineAction {
  readonly actionId: string;
  readonly time: string;
  readonly capability: string;
  readonly tenantId: string | undefined;
  readonly principalId: string | undefined;
  readonly agentId: string | undefined;
  readonly risk: string | undefined;
  /** The outcome of `action.completed`, or `open`. */
  readonly outcome: string;
  readonly reason: string | undefined;
  readonly policies: readonly TimelinePolicy[];
  /** How long the capability ran, when it did. */
  readonly executedMs: number | undefined;
  /** The approvals the action asked for or resumed. */
  readonly approvalIds: readonly string[];
  /** Its approval events, in log order: `requested`, `approved by …`. */
  readonly approvalEvents: readonly { readonly type: string; readonly time: string; readonly by: string | undefined }[];
  readonly events: number;
}

/** The most actions a search returns, newest first. */
export const TIMELINE_LIMIT = 200;

/**
 * Reads audit logs through `@brane/audit`'s reader and groups their events by action, newest first: this file is
 * the only place that knows the event format, so a change of the record format changes it alone.
 */
export async function readTimeline(logPath: string, query: TimelineQuery): Promise<TimelineAction[]> {
  const events = await queryAuditEvents(logPath, {
    capability: query.capability,
    tenantId: query.tenant,
    since: validDate(query.since),
    until: validDate(query.until),
  });
  const byAction = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const actionId = text(event.actionId) ?? '';
    if (query.action !== undefined && actionId !== query.action) continue;
    const list = byAction.get(actionId);
    if (list === undefined) byAction.set(actionId, [event]);
    else list.push(event);
  }
  const actions = [...byAction.values()].map(actionOf);
  return actions
    .filter(
      (action) =>
        (query.principal === undefined || action.principalId === query.principal) &&
        (query.outcome === undefined || action.outcome === query.outcome),
    )
    .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0))
    .slice(0, TIMELINE_LIMIT);
}

/** `brane audit verify`'s verdict on the log file or on every log of the directory. */
export async function verifyLogs(logPath: string): Promise<readonly AuditVerification[]> {
  const info = await stat(logPath);
  return info.isDirectory() ? await verifyAuditDirectory(logPath) : [await verifyAuditLog(logPath)];
}

function actionOf(events: readonly AuditEvent[]): TimelineAction {
  const first = events[0] as AuditEvent;
  let risk: string | undefined;
  let outcome = 'open';
  let reason: string | undefined;
  let executedMs: number | undefined;
  const policies: TimelinePolicy[] = [];
  const approvalIds = new Set<string>();
  const approvalEvents: { type: string; time: string; by: string | undefined }[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'action.created':
        risk = event.risk;
        break;
      case 'policy.evaluated':
        policies.push({
          stage: event.stage,
          name: event.policyName,
          version: event.policyVersion,
          decision: event.decision.type,
          reason: event.decision.reason,
          durationMs: event.durationMs,
          enforced: event.enforced,
        });
        break;
      case 'action.executed':
        executedMs = event.durationMs;
        break;
      case 'action.completed':
        outcome = event.outcome;
        reason = event.reason;
        addText(approvalIds, event.approvalId);
        break;
      case 'decision.enforced':
        break;
      case 'action': // the one record per action of format version 2: everything at once (a completed one wins)
        risk = event.risk;
        outcome = event.outcome ?? outcome;
        reason = event.reason ?? reason;
        executedMs = event.executionMs ?? executedMs;
        policies.splice(0, policies.length, ...event.policies.map(policyOf));
        if (event.approval !== undefined) {
          addText(approvalIds, event.approval.approvalId);
          approvalEvents.push({
            type: `approval.${text(event.approval.status) ?? 'unknown'}`,
            time: text(event.time) ?? '',
            by: text(event.approval.by),
          });
        }
        break;
      default:
        addText(approvalIds, event.approvalId);
        approvalEvents.push({ type: text(event.type) ?? 'unknown', time: text(event.time) ?? '', by: text(event.by) });
    }
  }
  return {
    actionId: text(first.actionId) ?? '',
    time: text(first.time) ?? '',
    capability: first.capability,
    tenantId: first.tenantId,
    principalId: first.principalId,
    agentId: first.agentId,
    risk,
    outcome,
    reason,
    policies,
    executedMs,
    approvalIds: [...approvalIds],
    approvalEvents,
    events: events.length,
  };
}

function policyOf(policy: PolicyOutcome): TimelinePolicy {
  return {
    stage: policy.stage,
    name: policy.name,
    version: policy.version,
    decision: policy.decision,
    reason: policy.reason,
    durationMs: policy.durationMs,
    enforced: policy.shadow !== true,
  };
}

/**
 * `value` when it is a string, else `undefined`. A log holds whatever was written to it: a field of another shape
 * (an array nested 20,000 deep, say) is not compared, sorted or joined as text, which overflowed the stack.
 */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function addText(set: Set<string>, value: unknown): void {
  const id = text(value);
  if (id !== undefined) set.add(id);
}

function validDate(value: string | undefined): string | undefined {
  return value !== undefined && Number.isFinite(Date.parse(value)) ? value : undefined;
}
