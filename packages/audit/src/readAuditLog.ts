import type { AuditEvent } from './AuditEvent.js';
import { GENESIS_HASH, type AuditRecord } from './AuditRecord.js';
import { assertCount } from './read/assertCount.js';
import { compileFilter, lineSieve, type AuditEventFilter, type AuditQuery } from './read/AuditEventFilter.js';
import { auditLogFiles } from './read/auditLogFiles.js';
import { listedLogLines } from './read/auditLogLines.js';
import { parseAuditLine } from './read/parseAuditLine.js';

export type { AuditEventFilter, AuditQuery } from './read/AuditEventFilter.js';

/**
 * The records of a log file, or of every `*.jsonl` file of a directory (files in name order, which is creation order
 * for the files a `JsonlFileSink` names), lines in order. A line that is not a record is skipped: reading does not
 * check integrity, {@link verifyAuditLog} does. A log that cannot be opened or read is an `AuditError`
 * `AUDIT_READ_FAILED` (`details: { file, kind }`, the Node error as `cause`): one deleted or rotated away between
 * listing and reading (`kind: 'missing'`), as is the directory gone before it is listed, or not permitted
 * (`'denied'`), out of descriptors (`'exhausted'`) or failing (`'io'`).
 *
 * @example
 * for await (const record of readAuditRecords('.brane/audit')) console.log(record.seq, record.event.type);
 */
export async function* readAuditRecords(pathOrDirectory: string): AsyncIterable<AuditRecord> {
  for (const file of await auditLogFiles(pathOrDirectory)) {
    // A compact line does not repeat the hash before it: it is the hash of the line read before.
    let prev = GENESIS_HASH;
    for await (const line of listedLogLines(file)) {
      const record = line.complete ? parseAuditLine(line.text, prev) : undefined;
      if (record === undefined) continue;
      prev = record.hash;
      yield record;
    }
  }
}

/**
 * The events of audit logs that match `query`, in log order.
 *
 * @example
 * await queryAuditEvents('.brane/audit', { capability: 'payments.refund', decision: 'deny', since: '2026-01-01' });
 */
export async function queryAuditEvents(pathOrDirectory: string, query: AuditQuery = {}): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const event of streamAuditEvents(pathOrDirectory, query, 'queryAuditEvents')) events.push(event);
  return events;
}

/**
 * The events of audit logs that match `query`, in log order, one at a time: a log of any size is read in constant
 * memory. A line that cannot match (it does not even contain the values asked for) is skipped before it is parsed.
 *
 * @example
 * for await (const event of streamAuditEvents('.brane/audit', { decision: 'deny' })) console.log(event.actionId);
 */
export async function* streamAuditEvents(
  pathOrDirectory: string,
  query: AuditQuery = {},
  caller = 'streamAuditEvents',
): AsyncGenerator<AuditEvent> {
  const matches = compileFilter(query, caller, ['limit']);
  const limit = query.limit ?? Infinity;
  if (query.limit !== undefined) assertCount(query.limit, `${caller}: \`limit\``);
  const mayMatch = lineSieve(query);
  let found = 0;
  for (const file of await auditLogFiles(pathOrDirectory)) {
    for await (const line of listedLogLines(file)) {
      if (!line.complete || !mayMatch(line.text)) continue;
      const record = parseAuditLine(line.text, GENESIS_HASH);
      if (record === undefined || !matches(record.event)) continue;
      yield record.event;
      if (++found >= limit) return;
    }
  }
}

/**
 * The last `count` events of audit logs that match `filter`, oldest first.
 *
 * @example
 * await tailAuditEvents('.brane/audit', 20, { type: 'action.completed' });
 */
export async function tailAuditEvents(
  pathOrDirectory: string,
  count: number,
  filter: AuditEventFilter = {},
): Promise<AuditEvent[]> {
  assertCount(count, 'tailAuditEvents: `count`');
  const matches = compileFilter(filter, 'tailAuditEvents');
  const ring: AuditEvent[] = [];
  let next = 0;
  for await (const { event } of readAuditRecords(pathOrDirectory)) {
    if (!matches(event)) continue;
    ring[next % count] = event;
    next += 1;
  }
  return next <= count ? ring : [...ring.slice(next % count), ...ring.slice(0, next % count)];
}
