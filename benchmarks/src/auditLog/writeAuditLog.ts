import * as crypto from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { compactBody, compactLine, GENESIS_HASH, type AuditEvent } from '@brane/audit';
import { recipeAuditRecord } from './recipeAuditRecord.js';

/** The line formats a generated log can have: 3, compact (what `JsonlFileSink` writes), or 2, sorted keys. */
export type AuditLogFormat = 2 | 3;

/** How to write a generated log. */
export interface WriteAuditLogOptions {
  /** The line format (default 3, the sink's). */
  readonly format?: AuditLogFormat;
  /** Called every million records with the count written so far. */
  readonly onProgress?: (records: number) => void;
}

/** Records per `write` call. */
const BATCH = 10_000;

/**
 * Writes to `file` a log of `count` recipe records ({@link recipeAuditRecord}) and its head file `<file>.head`,
 * chained from `GENESIS_HASH` as `JsonlFileSink` chains them: in format 3 through the sink's own `compactBody` and
 * `compactLine`, so the lines are the ones the sink writes for the same events; in format 2, the line before it
 * (`{"seq","prev","hash","event"}`, SHA-256 hex over the canonical JSON), which readers still verify.
 */
export function writeAuditLog(file: string, count: number, options: WriteAuditLogOptions = {}): void {
  const { format = 3, onProgress } = options;
  if (!Number.isSafeInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer (got ${count})`);
  const line = format === 3 ? compactRecordLine : sortedKeyLine;
  const fd = openSync(file, 'w');
  let prev = GENESIS_HASH;
  try {
    let lines = '';
    for (let seq = 1; seq <= count; seq++) {
      const written = line(seq, prev);
      lines += written.line;
      prev = written.hash;
      if (seq % BATCH === 0 || seq === count) {
        writeSync(fd, lines);
        lines = '';
      }
      if (seq % 1_000_000 === 0) onProgress?.(seq);
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(`${file}.head`, `${JSON.stringify({ seq: count, hash: prev, updatedAt: new Date().toISOString() })}\n`);
}

function compactRecordLine(seq: number, prev: string): { readonly hash: string; readonly line: string } {
  return compactLine(seq, prev, compactBody(recipeAuditRecord(seq) as unknown as AuditEvent));
}

function sortedKeyLine(seq: number, prev: string): { readonly hash: string; readonly line: string } {
  const json = JSON.stringify(recipeAuditRecord(seq));
  const hash = crypto.createHash('sha256').update(`${prev}\n{"event":${json},"seq":${seq}}`).digest('hex');
  return { hash, line: `{"seq":${seq},"prev":"${prev}","hash":"${hash}","event":${json}}\n` };
}
