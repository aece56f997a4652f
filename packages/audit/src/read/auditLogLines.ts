import { closeSync, readSync } from 'node:fs';
import { LineSplitter, type AuditLogLine } from './LineSplitter.js';
import { openLogFile, openLogFileSync } from './openLogFile.js';
import { readFailure } from './readFailure.js';

export type { AuditLogLine } from './LineSplitter.js';

const CHUNK_SIZE = 64 * 1024;

/**
 * The lines of a log file, read in chunks (see {@link LineSplitter}: a line too long to hold is reported by its
 * length); a path that is not a regular file is refused (see {@link openLogFile}).
 *
 * @internal
 */
export async function* auditLogLines(file: string): AsyncGenerator<AuditLogLine> {
  const splitter = new LineSplitter();
  const handle = await openLogFile(file);
  for await (const chunk of handle.createReadStream({ highWaterMark: CHUNK_SIZE })) {
    yield* splitter.push(chunk as Buffer);
  }
  yield* splitter.end();
}

/**
 * {@link auditLogLines} of a file a reader listed a moment before, every failure to open or read it an `AuditError`
 * `AUDIT_READ_FAILED` (see {@link readFailure}), never a raw Node error: a file gone by the time it is opened
 * (deleted, or rotated away, meanwhile) is `details.kind: 'missing'`. The readers do not skip it: what they return
 * would lack its records, and nothing would say so.
 *
 * @internal
 */
export async function* listedLogLines(file: string): AsyncGenerator<AuditLogLine> {
  try {
    yield* auditLogLines(file);
  } catch (error) {
    throw readFailure(file, error);
  }
}

/**
 * {@link auditLogLines}, synchronously.
 *
 * @internal
 */
export function* auditLogLinesSync(file: string): Generator<AuditLogLine> {
  const fd = openLogFileSync(file);
  try {
    const buffer = Buffer.alloc(CHUNK_SIZE);
    const splitter = new LineSplitter();
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      yield* splitter.push(buffer.subarray(0, read));
    }
    yield* splitter.end();
  } finally {
    closeSync(fd);
  }
}
