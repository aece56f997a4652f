import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BraneError, describeValue } from '@brane/errors';
import { readFailure } from './readFailure.js';

/**
 * The log files at `pathOrDirectory`: the file itself, or the `*.jsonl` files of the directory in name order. A path
 * that does not exist is `INVALID_ARGUMENT`; any other failure to `stat` or list it (a directory removed between its
 * `stat` and its listing, `EACCES`, `EMFILE`) is `AUDIT_READ_FAILED` (see `readFailure`).
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
    if ((error as { code?: unknown } | null)?.code !== 'ENOENT') throw readFailure(pathOrDirectory, error);
    throw new BraneError('INVALID_ARGUMENT', `No audit log or directory at ${describeValue(pathOrDirectory)}`, {
      cause: error,
    });
  });
  if (!stat.isDirectory()) return [pathOrDirectory];
  const entries = await fs.readdir(pathOrDirectory, { withFileTypes: true }).catch((error: unknown) => {
    throw readFailure(pathOrDirectory, error);
  });
  return entries
    .filter((entry) => entry.name.endsWith('.jsonl') && !entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(pathOrDirectory, name));
}
