import type { ParsedApprovalQuery } from '@brane/approvals';

/**
 * The `SELECT` of `PostgresApprovalStore.list` for `query`: the same rows `approvalMatches` would keep, by id,
 * every value a parameter. `expired` is a pending or approved record at or past `expiresAt`, or with none
 * readable (`expires_ms IS NULL`), as `approvalState` judges it.
 */
export function listStatement(table: string, query: ParsedApprovalQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  const { state, now, capability, tenantId, since, cursor, limit } = query;
  if (cursor !== undefined) where.push(`id > ${param(cursor)}`);
  if (state === 'pending' || state === 'approved')
    where.push(`status = ${param(state)} AND expires_ms > ${param(now)}`);
  else if (state === 'expired') {
    where.push(`status IN ('pending', 'approved') AND (expires_ms IS NULL OR expires_ms <= ${param(now)})`);
  } else if (state !== undefined) where.push(`status = ${param(state)}`);
  if (capability !== undefined) where.push(`capability = ${param(capability)}`);
  if (tenantId !== undefined) where.push(`tenant_id = ${param(tenantId)}`);
  if (since !== undefined) where.push(`requested_ms >= ${param(since)}`);
  const text = [
    `SELECT id, body::text AS body FROM ${table}`,
    where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`,
    'ORDER BY id',
    limit === undefined ? '' : `LIMIT ${param(limit)}`,
  ];
  return { text: text.filter((part) => part !== '').join(' '), values };
}
