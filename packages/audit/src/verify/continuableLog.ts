import { AuditError } from '@brane/errors';
import { verifyAuditLogSync } from '../verifyAuditLog.js';
import type { AuditLogState, AuditVerification } from './AuditVerification.js';

/**
 * The log at `file` as a sink about to continue it finds it: where its chain ends, or `undefined` when neither the log
 * nor its head file exists (a new log). A log that is not continued, nor started afresh over (fail closed), is an
 * `AuditError` `AUDIT_WRITE_FAILED` naming it (`details.file`):
 *
 * - one that does not verify: `details.problems`;
 * - one that exists but cannot be read, or whose head file cannot be read: `details.kind` (an `AuditReadFailureKind`)
 *   and `details.unreadable` (the log or its head file), the verifier's `AUDIT_READ_FAILED` as `cause`. Nothing is
 *   known of its chain, so nothing is written; the sink's next write tries again (after `exhausted`, it may succeed).
 *
 * A log or head file that is not a regular file (a directory, a FIFO, a socket, a device) is the verifier's
 * `INVALID_ARGUMENT` (`details: { file, kind }`, see `openLogFile`), thrown as it is (the sink reports it as its
 * `AUDIT_WRITE_FAILED`'s `cause`), never waited on.
 *
 * @internal
 */
export function continuableLog(file: string): AuditLogState | undefined {
  let state: AuditLogState | undefined;
  try {
    state = verifyAuditLogSync(file);
  } catch (error) {
    if (!(error instanceof AuditError) || error.code !== 'AUDIT_READ_FAILED') throw error;
    const message = `Refusing to append to the audit log ${file}, which cannot be verified: ${error.message}`;
    const { kind, file: unreadable } = error.details;
    throw new AuditError('AUDIT_WRITE_FAILED', 'jsonl', message, { cause: error, details: { file, kind, unreadable } });
  }
  if (state !== undefined && !state.verification.ok) {
    const { problems } = state.verification;
    const message = `Refusing to append to the audit log ${file}: ${describeProblems(state.verification)}`;
    throw new AuditError('AUDIT_WRITE_FAILED', 'jsonl', message, { details: { file, problems } });
  }
  return state;
}

/** Why a log that failed verification cannot be continued: its first problem, for a message. */
function describeProblems({ problems }: AuditVerification): string {
  const first = problems[0];
  if (first === undefined) return 'it verifies';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `it does not verify: line ${first.line}, ${first.kind}: ${first.message}${more}. Check it with verifyAuditLog and write to a new file`;
}
