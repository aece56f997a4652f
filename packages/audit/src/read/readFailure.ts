import { AuditError, BraneError } from '@brane/errors';
import type { AuditReadFailureKind } from './AuditReadFailureKind.js';

const KINDS: Readonly<Partial<Record<string, AuditReadFailureKind>>> = {
  ENOENT: 'missing',
  EACCES: 'denied',
  EPERM: 'denied',
  EMFILE: 'exhausted',
  ENFILE: 'exhausted',
  ENOMEM: 'exhausted',
};

const WHY: Readonly<Record<Exclude<AuditReadFailureKind, 'missing'>, string>> = {
  denied: 'permission denied',
  exhausted: 'the process is out of file descriptors or memory; read again when fewer files are open',
  io: 'the file system failed',
};

/**
 * The error of a log file, head file or directory (`path`, named in the message as `what`) that could not be opened,
 * listed or read: `error` itself when it is already a `BraneError` (a path that is not a regular file is
 * `INVALID_ARGUMENT`), otherwise an `AuditError` `AUDIT_READ_FAILED` with `details: { file, kind }` and `error` as
 * its `cause`. The one mapping of the readers and verifiers, async and sync.
 *
 * @internal
 */
export function readFailure(path: string, error: unknown, what = 'audit log'): BraneError {
  if (error instanceof BraneError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const kind = (typeof code === 'string' ? KINDS[code] : undefined) ?? 'io';
  const reason = typeof code === 'string' ? code : String((error as { message?: unknown } | null)?.message ?? error);
  const message =
    kind === 'missing'
      ? `The ${what} ${path} is gone: it was listed, then deleted or rotated away before it could be read; read again`
      : `The ${what} ${path} cannot be read (${reason}): ${WHY[kind]}`;
  return new AuditError('AUDIT_READ_FAILED', 'jsonl', message, { cause: error, details: { file: path, kind } });
}
