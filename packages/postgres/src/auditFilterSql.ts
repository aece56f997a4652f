import type { AuditEventFilter } from '@brane/audit';
import { filterTime } from '@brane/audit/internal';
import { BraneError, describeValue } from '@brane/errors';
import { column } from './auditColumns.js';

/** What `PostgresAuditLog` selects records by: the JSONL filters, and the other indexed columns. All must match. */
export interface PostgresAuditFilter extends AuditEventFilter {
  readonly principalId?: string | undefined;
  readonly actionId?: string | undefined;
  /** The `outcome` of an action record (`allowed`, `denied`, …). */
  readonly outcome?: string | undefined;
}

/** A `WHERE` clause (without the keyword; `true` for no filter) and its values, numbered from `$1`. */
export interface FilterSql {
  readonly where: string;
  readonly values: unknown[];
}

const COLUMNS = {
  capability: 'capability',
  tenantId: 'tenant_id',
  principalId: 'principal_id',
  actionId: 'action_id',
  outcome: 'outcome',
} as const;
const KEYS: ReadonlySet<string> = new Set([...Object.keys(COLUMNS), 'type', 'decision', 'since', 'until']);

/**
 * The SQL of `filter`, checked first: unknown keys, values that are not strings and invalid dates are refused with an
 * `INVALID_ARGUMENT` `BraneError`. `extra` names keys the caller takes out itself (`limit`, `cursor`).
 *
 * @internal
 */
export function auditFilterSql(filter: PostgresAuditFilter, caller: string, extra: readonly string[] = []): FilterSql {
  if (typeof filter !== 'object' || filter === null) {
    throw invalid(`${caller}: the filter must be an object (got ${describeValue(filter)})`);
  }
  const values: unknown[] = [];
  const add = (value: unknown): string => `$${values.push(value)}`;
  const conditions: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (extra.includes(key) || value === undefined) continue;
    if (!KEYS.has(key)) throw invalid(`${caller}: unknown filter \`${key}\``);
    if (key === 'since' || key === 'until') continue;
    if (typeof value !== 'string')
      throw invalid(`${caller}: \`${key}\` must be a string (got ${describeValue(value)})`);
    if (key === 'type') conditions.push(`type = ${add(value)}`);
    else if (key === 'decision') conditions.push(decisionSql(add(value)));
    else {
      const name = COLUMNS[key as keyof typeof COLUMNS];
      const bounded = column(value);
      conditions.push(`${name} = ${add(bounded)}`);
      // A value the column holds cut (or with a NUL replaced) is matched against the whole record as well.
      if (bounded !== value) conditions.push(`event->>'${key}' = ${add(value)}`);
    }
  }
  const since = toTime(filter.since, `${caller}: \`since\``);
  const until = toTime(filter.until, `${caller}: \`until\``);
  if (since !== undefined && until !== undefined && since > until) {
    throw invalid(`${caller}: \`since\` is after \`until\``);
  }
  if (since !== undefined) conditions.push(`time >= ${add(since)}::timestamptz`);
  if (until !== undefined) conditions.push(`time < ${add(until)}::timestamptz`);
  return { where: conditions.length === 0 ? 'true' : conditions.join(' AND '), values };
}

/** As in a JSONL log: an action's outcome or a decision it enforced; in version 1 events, a decision or outcome. */
function decisionSql(param: string): string {
  return `(outcome = ${param} OR event->'decisions'->'before'->>'type' = ${param} OR event->'decisions'->'after'->>'type' = ${param} OR (type IN ('policy.evaluated', 'decision.enforced') AND event->'decision'->>'type' = ${param}))`;
}

function toTime(value: unknown, label: string): string | undefined {
  return value === undefined ? undefined : new Date(filterTime(value, label)).toISOString();
}

function invalid(message: string): BraneError {
  return new BraneError('INVALID_ARGUMENT', message);
}
