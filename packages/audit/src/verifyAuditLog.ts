import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BraneError, describeValue } from '@brane/errors';
import { auditLogLines, auditLogLinesSync } from './read/auditLogLines.js';
import { readFailure } from './read/readFailure.js';
import type { AuditLogState, AuditVerification } from './verify/AuditVerification.js';
import { ChainCheck } from './verify/ChainCheck.js';
import { isMissing, readHead, readHeadSync } from './verify/readHead.js';

export type { AuditLogState, AuditProblem, AuditProblemKind, AuditVerification } from './verify/AuditVerification.js';

/**
 * Checks a JSONL audit log and its head file: that every line is a record, written as it was, chained to the one
 * before with no record missing or out of place, and that nothing was cut off the end. A log whose head file is
 * behind its last record (a crash between writing records and updating the head) is whole; one without a head file is
 * reported (`head`). A log or head file that cannot be opened or read (`EACCES`, `EMFILE`, `EIO`) is an
 * `AuditError` `AUDIT_READ_FAILED` (`details: { file, kind }` naming it, the Node error as `cause`), not a problem of
 * the log; one that is not a regular file (a directory, a FIFO, a socket, a device) is refused at once as
 * `INVALID_ARGUMENT` (`details: { file, kind }`, the path and its `NonRegularFileKind`), never waited on; a log
 * that does not exist, nor its head file, is `INVALID_ARGUMENT`.
 *
 * @example
 * const { ok, problems } = await verifyAuditLog('.brane/audit/2026-05-01T09-00-00.000Z-4242-1a2b3c4d.jsonl');
 */
export async function verifyAuditLog(file: string): Promise<AuditVerification> {
  assertPath(file, 'verifyAuditLog', 'file');
  return await verifyLog(file, false);
}

/**
 * {@link verifyAuditLog} of `file`, `listed` or not by {@link verifyAuditDirectory}. A log missing with its head file
 * is `INVALID_ARGUMENT` when the caller named it (there is nothing there), but `AUDIT_READ_FAILED` (`kind:
 * 'missing'`) when a listing found it: it was deleted or rotated away meanwhile, as a log the readers listed.
 */
async function verifyLog(file: string, listed: boolean): Promise<AuditVerification> {
  const head = await readHead(file);
  const check = new ChainCheck(file, head);
  try {
    for await (const line of auditLogLines(file)) check.line(line);
  } catch (error) {
    if (!isMissing(error) || (listed && head.missing)) throw readFailure(file, error);
    if (head.missing)
      throw new BraneError('INVALID_ARGUMENT', `No audit log at ${describeValue(file)}`, { cause: error });
    check.logMissing();
  }
  return check.finish().verification;
}

/**
 * {@link verifyAuditLog} for every log of a directory: one result per `*.jsonl` file, and per `*.jsonl.head` file
 * whose log is gone, in name order. A directory that cannot be listed, or a log or head file that cannot be read, is
 * `AUDIT_READ_FAILED` as in {@link verifyAuditLog}; so is a log listed, then deleted or rotated away with its head
 * file before it is read (`details: { file, kind: 'missing' }`, as the readers say of a log gone mid-read).
 *
 * @example
 * const broken = (await verifyAuditDirectory('.brane/audit')).filter((result) => !result.ok);
 */
export async function verifyAuditDirectory(directory: string): Promise<AuditVerification[]> {
  assertPath(directory, 'verifyAuditDirectory', 'directory');
  const names = await fs.readdir(directory).catch((error: unknown) => {
    if (!isMissing(error) && (error as { code?: unknown } | null)?.code !== 'ENOTDIR')
      throw readFailure(directory, error);
    throw new BraneError('INVALID_ARGUMENT', `No audit directory at ${describeValue(directory)}`, { cause: error });
  });
  const logs = new Set(names.filter((name) => name.endsWith('.jsonl')));
  for (const name of names) if (name.endsWith('.jsonl.head')) logs.add(name.slice(0, -'.head'.length));
  const results: AuditVerification[] = [];
  for (const name of [...logs].sort()) results.push(await verifyLog(path.join(directory, name), true));
  return results;
}

/**
 * {@link verifyAuditLog}, synchronously, with where the chain ends; `undefined` when neither the log nor its head
 * file exists. A log or head file that cannot be read is `AUDIT_READ_FAILED`, as in {@link verifyAuditLog}.
 *
 * @internal
 */
export function verifyAuditLogSync(file: string): AuditLogState | undefined {
  const head = readHeadSync(file);
  const check = new ChainCheck(file, head);
  try {
    for (const line of auditLogLinesSync(file)) check.line(line);
  } catch (error) {
    if (!isMissing(error)) throw readFailure(file, error);
    if (head.missing) return undefined;
    check.logMissing();
  }
  return check.finish();
}

function assertPath(value: unknown, caller: string, name: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${caller}: \`${name}\` must be a non-empty path (got ${describeValue(value)})`,
    );
  }
}
