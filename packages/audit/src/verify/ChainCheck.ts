import { GENESIS_HASH } from '../AuditRecord.js';
import { hashEventJson, recordLine } from '../hashRecord.js';
import type { AuditLogLine } from '../read/auditLogLines.js';
import { MAX_AUDIT_LINE_BYTES } from '../read/maxAuditLineBytes.js';
import { compactHash, isCompactLine, parseCompactLine, type CompactRecord } from '../record/compactLine.js';
import type { AuditLogState, AuditProblem, AuditProblemKind } from './AuditVerification.js';
import { parseRecordLine, type ParsedRecord } from './parseRecordLine.js';
import type { HeadState } from './readHead.js';

interface Gap {
  readonly line: number;
  readonly from: number;
  readonly to: number;
}

/** Follows the chain of a log line by line, collecting problems. @internal */
export class ChainCheck {
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

  line(read: AuditLogLine): void {
    const line = ++this.#lines;
    if (!read.complete) {
      this.#problem(line, 'truncated', 'The last line is incomplete: the log was cut off in the middle of a record');
      return;
    }
    const { text } = read;
    const record = parseLine(read);
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
    const { seq, prev, hash, eventJson } = record;
    this.#records += 1;
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

/** The record on a complete line of any format, or why it is not one. */
function parseLine({ text, validUtf8, oversizedBytes }: AuditLogLine): CompactRecord | ParsedRecord | string {
  if (oversizedBytes !== undefined) {
    return `The line is ${oversizedBytes} bytes long, over the ${MAX_AUDIT_LINE_BYTES} bytes a record may take: not read`;
  }
  // A sink writes UTF-8 only; an invalid byte reads as U+FFFD, so a record could be changed without changing its text.
  if (!validUtf8) return 'The line is not valid UTF-8';
  return isCompactLine(text) ? parseCompactLine(text) : parseRecordLine(text);
}
