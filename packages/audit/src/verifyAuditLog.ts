import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BraneError, describeValue } from '@brane/errors';
import type { AuditEvent } from './AuditEvent.js';
import { GENESIS_HASH, type AuditHead } from './AuditRecord.js';
import { canonicalEventJson, hashEventJson, isRecordHash, recordLine } from './hashRecord.js';
import { auditLogLines, auditLogLinesSync, type AuditLogLine } from './read/auditLogLines.js';
import { compactHash, isCompactLine, parseCompactLine, type CompactRecord } from './record/compactLine.js';

/**
 * What is wrong with a log: a line that is not a record (`malformed`), a record whose content or hash changed
 * (`edited`), records missing from the chain (`removed`), records out of order or repeated (`reordered`), records
 * cut off the end (`truncated`), or a head file missing or unreadable, so that a cut cannot be detected (`head`).
 */
export type AuditProblemKind = 'malformed' | 'edited' | 'removed' | 'reordered' | 'truncated' | 'head';

/** One problem found by {@link verifyAuditLog}. */
export interface AuditProblem {
  /** The line of the log (1-based); 0 for a problem of the head file. */
  readonly line: number;
  readonly kind: AuditProblemKind;
  readonly message: string;
}

/** The result of {@link verifyAuditLog}. */
export interface AuditVerification {
  readonly file: string;
  /** `true` when the log is whole and unaltered: no problems. */
  readonly ok: boolean;
  /** Lines that are well-formed records. */
  readonly records: number;
  /** The `seq` of the last record of the chain; 0 for an empty log. */
  readonly lastSeq: number;
  /** In line order. */
  readonly problems: readonly AuditProblem[];
}

/** A log's verification and where its chain ends, for a sink that continues it. @internal */
export interface AuditLogState {
  readonly verification: AuditVerification;
  readonly lastHash: string;
  /** The `seq` in the head file: may be behind `lastSeq` after a crash between a write and its head update. */
  readonly headSeq: number;
}

interface HeadState {
  readonly head: AuditHead | undefined;
  readonly problem: string | undefined;
  readonly missing: boolean;
}

interface Gap {
  readonly line: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Checks a JSONL audit log and its head file: that every line is a record, written as it was, chained to the one
 * before with no record missing or out of place, and that nothing was cut off the end. A log whose head file is
 * behind its last record (a crash between writing records and updating the head) is whole.
 *
 * @example
 * const { ok, problems } = await verifyAuditLog('.brane/audit/2026-05-01T09-00-00.000Z-4242-1a2b3c4d.jsonl');
 */
export async function verifyAuditLog(file: string): Promise<AuditVerification> {
  assertPath(file, 'verifyAuditLog', 'file');
  const head = await fs
    .readFile(`${file}.head`, 'utf8')
    .then(parseHead, (error: unknown) => headUnreadable(file, error));
  const check = new ChainCheck(file, head);
  try {
    for await (const line of auditLogLines(file)) check.line(line);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (head.missing)
      throw new BraneError('INVALID_ARGUMENT', `No audit log at ${describeValue(file)}`, { cause: error });
    check.logMissing();
  }
  return check.finish().verification;
}

/**
 * {@link verifyAuditLog} for every log of a directory: one result per `*.jsonl` file, and per `*.jsonl.head` file
 * whose log is gone, in name order.
 *
 * @example
 * const broken = (await verifyAuditDirectory('.brane/audit')).filter((result) => !result.ok);
 */
export async function verifyAuditDirectory(directory: string): Promise<AuditVerification[]> {
  assertPath(directory, 'verifyAuditDirectory', 'directory');
  const names = await fs.readdir(directory).catch((error: unknown) => {
    if (!isMissing(error) && (error as { code?: unknown }).code !== 'ENOTDIR') throw error;
    throw new BraneError('INVALID_ARGUMENT', `No audit directory at ${describeValue(directory)}`, { cause: error });
  });
  const logs = new Set(names.filter((name) => name.endsWith('.jsonl')));
  for (const name of names) if (name.endsWith('.jsonl.head')) logs.add(name.slice(0, -'.head'.length));
  const results: AuditVerification[] = [];
  for (const name of [...logs].sort()) results.push(await verifyAuditLog(path.join(directory, name)));
  return results;
}

/**
 * {@link verifyAuditLog}, synchronously, with where the chain ends; `undefined` when neither the log nor its head
 * file exists.
 *
 * @internal
 */
export function verifyAuditLogSync(file: string): AuditLogState | undefined {
  let head: HeadState;
  try {
    head = parseHead(readFileSync(`${file}.head`, 'utf8'));
  } catch (error) {
    head = headUnreadable(file, error);
  }
  const check = new ChainCheck(file, head);
  try {
    for (const line of auditLogLinesSync(file)) check.line(line);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (head.missing) return undefined;
    check.logMissing();
  }
  return check.finish();
}

/**
 * Why a log that failed verification cannot be continued: its first problem, for a message.
 *
 * @internal
 */
export function describeProblems({ problems }: AuditVerification): string {
  const first = problems[0];
  if (first === undefined) return 'it verifies';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `it does not verify: line ${first.line}, ${first.kind}: ${first.message}${more}. Check it with verifyAuditLog and write to a new file`;
}

/** Follows the chain line by line, collecting problems. */
class ChainCheck {
  readonly #file: string;
  readonly #head: HeadState;
  readonly #problems: AuditProblem[] = [];
  readonly #gaps: Gap[] = [];
  #lines = 0;
  #records = 0;
  #lastSeq = 0;
  #lastHash = GENESIS_HASH;
  /** The hash the last record should have, if it was altered: the next record may link to either. */
  #lastActualHash = GENESIS_HASH;
  /** Malformed lines since the last record: a gap after them is not reported twice. */
  #malformed = 0;
  #headLine = 0;
  #headRecordHash: string | undefined;
  #logMissing = false;

  constructor(file: string, head: HeadState) {
    this.#file = file;
    this.#head = head;
  }

  line({ text, complete }: AuditLogLine): void {
    const line = ++this.#lines;
    if (!complete) {
      this.#problem(line, 'truncated', 'The last line is incomplete: the log was cut off in the middle of a record');
      return;
    }
    const record = isCompactLine(text) ? parseCompactLine(text) : parseRecord(text);
    if (typeof record === 'string') {
      this.#malformed += 1;
      this.#problem(line, 'malformed', record);
    } else if ('hashed' in record) {
      this.#compactRecord(line, record);
    } else {
      this.#record(line, record, text);
    }
  }

  /** The log file is gone: every record its head file counts was cut off. */
  logMissing(): void {
    this.#logMissing = true;
  }

  finish(): AuditLogState {
    for (const { line, from, to } of this.#gaps) {
      const which = from === to ? `Record ${from} is` : `Records ${from} to ${to} are`;
      this.#problem(line, 'removed', `${which} missing: removed before line ${line}`);
    }
    const { head, problem } = this.#head;
    if (problem !== undefined) this.#problem(0, 'head', problem);
    else if (head !== undefined && head.seq > this.#lastSeq) {
      const missing = head.seq - this.#lastSeq;
      const message = this.#logMissing
        ? `The log file is missing, but its head file records ${head.seq} record(s)`
        : `The log ends at record ${this.#lastSeq}, but its head file records ${head.seq}: ${missing} record(s) were cut off the end`;
      this.#problem(this.#lines + 1, 'truncated', message);
    } else if (head !== undefined && this.#headRecordHash !== undefined && this.#headRecordHash !== head.hash) {
      const message = `Record ${head.seq} is not the one its head file records: the log was rewritten`;
      this.#problem(this.#headLine, 'edited', message);
    }
    const problems = this.#problems.sort((a, b) => a.line - b.line);
    const verification = {
      file: this.#file,
      ok: problems.length === 0,
      records: this.#records,
      lastSeq: this.#lastSeq,
      problems,
    };
    return { verification, lastHash: this.#lastHash, headSeq: head?.seq ?? 0 };
  }

  #record(line: number, record: ParsedRecord, text: string): void {
    const { seq, prev, hash } = record;
    this.#records += 1;
    const eventJson = canonicalEventJson(record.event);
    const actual = hashEventJson(prev, seq, eventJson);
    if (actual !== hash) {
      this.#problem(line, 'edited', `Record ${seq} was altered: its hash does not match its content`);
    } else if (recordLine(seq, prev, hash, eventJson) !== `${text}\n`) {
      this.#problem(line, 'edited', `Record ${seq} was altered: its content is the same, but not its bytes`);
    }
    const expected = this.#lastSeq + 1;
    if (seq < expected) {
      const out = this.#fillGap(seq) ? `appears after record ${this.#lastSeq}` : 'appears twice';
      this.#problem(line, 'reordered', `Record ${seq} ${out}: records were reordered or copied`);
      return;
    }
    if (seq > expected && this.#malformed === 0) this.#gaps.push({ line, from: expected, to: seq - 1 });
    if (seq === expected && prev !== this.#lastHash && prev !== this.#lastActualHash) {
      const before = seq === 1 ? 'the start of the chain' : `record ${seq - 1}`;
      this.#problem(line, 'removed', `Record ${seq} does not follow ${before}: records were removed or replaced`);
    }
    this.#advance(line, seq, hash, actual);
  }

  /**
   * A record of the compact format, which does not repeat the hash before it: its hash is checked against the record
   * read before it (as written, or as it should be if it was altered). After a gap, the record before it is missing
   * and its content cannot be checked; the gap is reported.
   */
  #compactRecord(line: number, { seq, hash, hashed }: CompactRecord): void {
    this.#records += 1;
    const expected = this.#lastSeq + 1;
    if (seq < expected) {
      const out = this.#fillGap(seq) ? `appears after record ${this.#lastSeq}` : 'appears twice';
      this.#problem(line, 'reordered', `Record ${seq} ${out}: records were reordered or copied`);
      return;
    }
    let actual = hash;
    if (seq > expected) {
      if (this.#malformed === 0) this.#gaps.push({ line, from: expected, to: seq - 1 });
    } else {
      actual = compactHash(this.#lastHash, hashed);
      if (actual !== hash && this.#lastActualHash !== this.#lastHash) {
        const other = compactHash(this.#lastActualHash, hashed);
        if (other === hash) actual = other;
      }
      if (actual !== hash) {
        const message =
          seq === 1
            ? 'Record 1 was altered: its hash does not match its content'
            : `Record ${seq} was altered: its hash does not match its content after record ${seq - 1} (or record ${seq - 1} was replaced)`;
        this.#problem(line, 'edited', message);
      }
    }
    this.#advance(line, seq, hash, actual);
  }

  /** Record `seq` at `line` was read: it becomes the one the next record must follow (and the head's, if it is). */
  #advance(line: number, seq: number, hash: string, actual: string): void {
    this.#malformed = 0;
    this.#lastSeq = seq;
    this.#lastHash = hash;
    this.#lastActualHash = actual;
    if (seq === this.#head.head?.seq) {
      this.#headLine = line;
      this.#headRecordHash = hash;
    }
  }

  /** Takes `seq` out of the gaps; `false` when it was not missing (a repeated record). */
  #fillGap(seq: number): boolean {
    const index = this.#gaps.findIndex((gap) => gap.from <= seq && seq <= gap.to);
    const gap = this.#gaps[index];
    if (gap === undefined) return false;
    const rest = [
      ...(gap.from < seq ? [{ line: gap.line, from: gap.from, to: seq - 1 }] : []),
      ...(seq < gap.to ? [{ line: gap.line, from: seq + 1, to: gap.to }] : []),
    ];
    this.#gaps.splice(index, 1, ...rest);
    return true;
  }

  #problem(line: number, kind: AuditProblemKind, message: string): void {
    this.#problems.push({ line, kind, message });
  }
}

interface ParsedRecord {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly event: AuditEvent;
}

/** The record on a line, or why it is not one. */
function parseRecord(text: string): ParsedRecord | string {
  if (text === '') return 'The line is empty';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The line is not JSON';
  }
  if (!isObject(value)) return 'The line is not a record: not a JSON object';
  const { seq, prev, hash, event } = value;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return 'The line is not a record: no positive integer `seq`';
  if (!isRecordHash(prev)) return 'The line is not a record: `prev` is not a SHA-256 hash';
  if (!isRecordHash(hash)) return 'The line is not a record: `hash` is not a SHA-256 hash';
  if (!isObject(event)) return 'The line is not a record: `event` is not an object';
  return { seq: seq as number, prev, hash, event: event as unknown as AuditEvent };
}

function parseHead(text: string): HeadState {
  const unreadable = (why: string): HeadState => ({
    head: undefined,
    problem: `The head file is unreadable (${why}): whether records were cut off the end cannot be proved`,
    missing: false,
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadable('not JSON');
  }
  if (!isObject(value) || !Number.isSafeInteger(value['seq']) || (value['seq'] as number) < 0) {
    return unreadable('no `seq`');
  }
  const { seq, hash, updatedAt } = value as { seq: number; hash: unknown; updatedAt: unknown };
  const validHash = isRecordHash(hash) || (typeof hash === 'string' && BASE64URL_HASH.test(hash));
  if (!validHash || (seq === 0 && hash !== GENESIS_HASH)) return unreadable('no valid `hash`');
  return { head: { seq, hash, updatedAt: String(updatedAt) }, problem: undefined, missing: false };
}

/** A hash of the compact format: SHA-256, base64url. */
const BASE64URL_HASH = /^[A-Za-z0-9_-]{43}$/;

function headUnreadable(file: string, error: unknown): HeadState {
  const missing = isMissing(error);
  const why = missing ? 'is missing' : `cannot be read (${String((error as { message?: unknown }).message)})`;
  const problem = `The head file ${path.basename(file)}.head ${why}: whether records were cut off the end cannot be proved`;
  return { head: undefined, problem, missing };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

function assertPath(value: unknown, caller: string, name: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${caller}: \`${name}\` must be a non-empty path (got ${describeValue(value)})`,
    );
  }
}
