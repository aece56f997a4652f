import { BraneError, describeValue } from '@brane/errors';
import type { AuditEvent } from '../AuditEvent.js';
import { filterTime } from './parseAuditTime.js';

/** What {@link queryAuditEvents}, {@link auditStats} and {@link tailAuditEvents} select events by; all must match. */
export interface AuditEventFilter {
  readonly capability?: string | undefined;
  /** An event type, such as `action.completed`. */
  readonly type?: string | undefined;
  /**
   * The `outcome` of an action record, or the type of a decision it enforced (`deny`, `approval_required`, ...);
   * in version 1 logs, `decision.type` of `policy.evaluated` and `decision.enforced` events or `outcome` of
   * `action.completed`.
   */
  readonly decision?: string | undefined;
  readonly tenantId?: string | undefined;
  /**
   * Events at or after this time: a `Date`, or an ISO 8601 date or date-time (`2026-11-21`, `2026-11-21T10:00:00Z`;
   * UTC unless it names a zone), as `brane audit --since` takes it.
   */
  readonly since?: Date | string | undefined;
  /** Events strictly before this time (as `since`). */
  readonly until?: Date | string | undefined;
}

/** A {@link queryAuditEvents} query: a filter and how many events to return at most. */
export interface AuditQuery extends AuditEventFilter {
  /** Return the first `limit` matching events (a positive integer). */
  readonly limit?: number | undefined;
}

const FILTER_KEYS = ['capability', 'type', 'decision', 'tenantId', 'since', 'until'];

/**
 * A predicate for `filter`, checked first: unknown keys (beyond `extraKeys`), non-string values and invalid dates
 * are refused.
 *
 * @internal
 */
export function compileFilter(
  filter: AuditEventFilter,
  caller: string,
  extraKeys: string[] = [],
): (event: AuditEvent) => boolean {
  if (typeof filter !== 'object' || filter === null) {
    throw new BraneError('INVALID_ARGUMENT', `${caller}: the filter must be an object (got ${describeValue(filter)})`);
  }
  for (const [key, value] of Object.entries(filter)) {
    if (!FILTER_KEYS.includes(key) && !extraKeys.includes(key)) {
      throw new BraneError('INVALID_ARGUMENT', `${caller}: unknown filter \`${key}\``, { details: { key } });
    }
    if (
      ['capability', 'type', 'decision', 'tenantId'].includes(key) &&
      value !== undefined &&
      typeof value !== 'string'
    ) {
      throw new BraneError('INVALID_ARGUMENT', `${caller}: \`${key}\` must be a string (got ${describeValue(value)})`);
    }
  }
  const since = toTime(filter.since, `${caller}: \`since\``, -Infinity);
  const until = toTime(filter.until, `${caller}: \`until\``, Infinity);
  if (since > until) throw new BraneError('INVALID_ARGUMENT', `${caller}: \`since\` is after \`until\``);
  const { capability, type, decision, tenantId } = filter;
  const timed = filter.since !== undefined || filter.until !== undefined;
  return (event) => {
    if (capability !== undefined && event.capability !== capability) return false;
    if (type !== undefined && event.type !== type) return false;
    if (tenantId !== undefined && event.tenantId !== tenantId) return false;
    if (decision !== undefined && !hasDecision(event, decision)) return false;
    if (!timed) return true;
    const time = Date.parse(event.time);
    return time >= since && time < until;
  };
}

/**
 * What the `decision` filter matches: the outcome of an action record or an enforced decision in it; in a version 1
 * log, the decision type of a policy or enforced decision, or the outcome of a completed action.
 */
function hasDecision(event: AuditEvent, decision: string): boolean {
  if (event.type === 'action') {
    const { outcome, decisions } = event;
    return outcome === decision || decisions?.before?.type === decision || decisions?.after?.type === decision;
  }
  if (event.type === 'policy.evaluated' || event.type === 'decision.enforced') return event.decision?.type === decision;
  return event.type === 'action.completed' && event.outcome === decision;
}

function toTime(value: Date | string | undefined, label: string, otherwise: number): number {
  return value === undefined ? otherwise : filterTime(value, label);
}

/**
 * A quick test on a line's text, before it is parsed: an event whose `capability`, `tenantId` or `decision`
 * is a given string holds that string, as JSON, somewhere in its line.
 *
 * @internal
 */
export function lineSieve(filter: AuditEventFilter): (text: string) => boolean {
  // Not `type`: a compact line of an action record does not write it.
  const needles = [filter.capability, filter.tenantId, filter.decision]
    .filter((value): value is string => typeof value === 'string')
    .map((value) => JSON.stringify(value));
  if (needles.length === 0) return () => true;
  return (text) => needles.every((needle) => text.includes(needle));
}
