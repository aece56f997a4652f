import { closeSync, createReadStream, promises as fs, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { BraneError, describeValue } from '@brane/errors';
import type { AuditEvent } from './AuditEvent.js';
import { GENESIS_HASH, type AuditRecord } from './AuditRecord.js';
import { isCompactLine, parseCompactLine } from './record/compactLine.js';

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
  /** Events at or after this time (a `Date` or an ISO 8601 string). */
  readonly since?: Date | string | undefined;
  /** Events strictly before this time. */
  readonly until?: Date | string | undefined;
}

/** A {@link queryAuditEvents} query: a filter and how many events to return at most. */
export interface AuditQuery extends AuditEventFilter {
  /** Return the first `limit` matching events (a positive integer). */
  readonly limit?: number | undefined;
}

/** Counts over the events of audit logs. */
export interface AuditStats {
  readonly events: number;
  /**
   * Actions: completed action records (one per action; a `decided` record is not counted again), and distinct
   * `actionId`s of version 1 step events. Counting holds nothing per version 2 record, so a log of any size is
   * counted in constant memory.
   */
  readonly actions: number;
  /** Events by type. */
  readonly byType: Record<string, number>;
  /** Completed actions by `outcome` (action records, and `action.completed` events of version 1 logs). */
  readonly byOutcome: Record<string, number>;
  /** Distinct actions by capability. */
  readonly byCapability: Record<string, number>;
}

/** One line of a log file; `complete` is `false` for a last line that does not end with a newline. @internal */
export interface AuditLogLine {
  readonly text: string;
  readonly complete: boolean;
}

const CHUNK_SIZE = 64 * 1024;
const FILTER_KEYS = ['capability', 'type', 'decision', 'tenantId', 'since', 'until'];

/**
 * The records of a log file, or of every `*.jsonl` file of a directory (files in name order, which is creation order
 * for the files a `JsonlFileSink` names), lines in order. A line that is not a record is skipped: reading does not
 * check integrity, {@link verifyAuditLog} does.
 *
 * @example
 * for await (const record of readAuditRecords('.brane/audit')) console.log(record.seq, record.event.type);
 */
export async function* readAuditRecords(pathOrDirectory: string): AsyncIterable<AuditRecord> {
  for (const file of await auditLogFiles(pathOrDirectory)) {
    // A compact line does not repeat the hash before it: it is the hash of the line read before.
    let prev = GENESIS_HASH;
    for await (const line of auditLogLines(file)) {
      const record = line.complete ? parseRecord(line.text, prev) : undefined;
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
    for await (const line of auditLogLines(file)) {
      if (!line.complete || !mayMatch(line.text)) continue;
      const record = parseRecord(line.text, GENESIS_HASH);
      if (record === undefined || !matches(record.event)) continue;
      yield record.event;
      if (++found >= limit) return;
    }
  }
}

/**
 * A quick test on a line's text, before it is parsed: an event whose `capability`, `tenantId` or `decision`
 * is a given string holds that string, as JSON, somewhere in its line.
 */
function lineSieve(filter: AuditEventFilter): (text: string) => boolean {
  // Not `type`: a compact line of an action record does not write it.
  const needles = [filter.capability, filter.tenantId, filter.decision]
    .filter((value): value is string => typeof value === 'string')
    .map((value) => JSON.stringify(value));
  if (needles.length === 0) return () => true;
  return (text) => needles.every((needle) => text.includes(needle));
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

/**
 * Counts the events of audit logs that match `filter`: by type, by outcome, and actions by capability.
 *
 * @example
 * const { byOutcome } = await auditStats('.brane/audit', { tenantId: 'acme' }); // { allowed: 41, denied: 3 }
 */
export async function auditStats(pathOrDirectory: string, filter: AuditEventFilter = {}): Promise<AuditStats> {
  const matches = compileFilter(filter, 'auditStats');
  /** Action ids of version 1 events, whose actions span several events; a version 2 action is its record. */
  const stepActions = new Set<string>();
  let actions = 0;
  const byType = new Map<string, number>();
  const byOutcome = new Map<string, number>();
  const byCapability = new Map<string, number>();
  let events = 0;
  for await (const { event } of readAuditRecords(pathOrDirectory)) {
    if (!matches(event)) continue;
    events += 1;
    increment(byType, event.type);
    if (event.type === 'action.completed' || (event.type === 'action' && event.outcome !== undefined)) {
      increment(byOutcome, event.outcome ?? 'unknown');
    }
    const newAction =
      event.type === 'action'
        ? event.phase !== 'decided'
        : !event.type.startsWith('approval.') && !stepActions.has(event.actionId) && stepActions.add(event.actionId);
    if (newAction) {
      actions += 1;
      increment(byCapability, event.capability);
    }
  }
  const record = (counts: Map<string, number>): Record<string, number> => Object.fromEntries(counts);
  return { events, actions, byType: record(byType), byOutcome: record(byOutcome), byCapability: record(byCapability) };
}

/**
 * The log files at `pathOrDirectory`: the file itself, or the `*.jsonl` files of the directory in name order.
 *
 * @internal
 */
export async function auditLogFiles(pathOrDirectory: string): Promise<string[]> {
  if (typeof pathOrDirectory !== 'string' || pathOrDirectory === '') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `An audit log path must be a non-empty string (got ${describeValue(pathOrDirectory)})`,
    );
  }
  const stat = await fs.stat(pathOrDirectory).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    throw new BraneError('INVALID_ARGUMENT', `No audit log or directory at ${describeValue(pathOrDirectory)}`, {
      cause: error,
    });
  });
  if (!stat.isDirectory()) return [pathOrDirectory];
  const entries = await fs.readdir(pathOrDirectory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.name.endsWith('.jsonl') && !entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(pathOrDirectory, name));
}

/**
 * The lines of a log file, read in chunks.
 *
 * @internal
 */
export async function* auditLogLines(file: string): AsyncGenerator<AuditLogLine> {
  const state = { rest: '' };
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_SIZE })) {
    yield* splitLines(state, chunk as string);
  }
  if (state.rest !== '') yield { text: state.rest, complete: false };
}

/**
 * {@link auditLogLines}, synchronously.
 *
 * @internal
 */
export function* auditLogLinesSync(file: string): Generator<AuditLogLine> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_SIZE);
    const decoder = new StringDecoder('utf8');
    const state = { rest: '' };
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      yield* splitLines(state, decoder.write(buffer.subarray(0, read)));
    }
    state.rest += decoder.end();
    if (state.rest !== '') yield { text: state.rest, complete: false };
  } finally {
    closeSync(fd);
  }
}

function* splitLines(state: { rest: string }, chunk: string): Generator<AuditLogLine> {
  const lines = (state.rest + chunk).split('\n');
  state.rest = lines.pop() ?? '';
  for (const text of lines) yield { text, complete: true };
}

/** The record on a line, if it has the shape of one; `prev` is the hash of the line before, for a compact line. */
function parseRecord(text: string, prev: string): AuditRecord | undefined {
  if (isCompactLine(text)) {
    const record = parseCompactLine(text);
    return typeof record === 'string' ? undefined : { seq: record.seq, prev, hash: record.hash, event: record.event };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = value as Partial<AuditRecord> | null;
  const event = record?.event as { type?: unknown } | null | undefined;
  const ok = typeof event === 'object' && event !== null && typeof event.type === 'string';
  return ok && typeof record?.seq === 'number' ? (record as AuditRecord) : undefined;
}

/** A predicate for `filter`, checked first: unknown keys, non-string values and invalid dates are refused. */
function compileFilter(
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
  if (value === undefined) return otherwise;
  // A `Date` of any realm (as under jest); `getTime` is NaN for an invalid one.
  const isDate = Object.prototype.toString.call(value) === '[object Date]';
  const time = isDate ? (value as Date).getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${label} must be a valid date or ISO 8601 string (got ${describeValue(value)})`,
    );
  }
  return time;
}

function assertCount(value: unknown, label: string): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new BraneError('INVALID_ARGUMENT', `${label} must be a positive integer (got ${describeValue(value)})`);
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
