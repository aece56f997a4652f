import { closeSync, constants, fstatSync, openSync, promises as fs, type Stats } from 'node:fs';
import { BraneError, describeValue } from '@brane/errors';
import type { NonRegularFileKind } from './NonRegularFileKind.js';

/** Read-only, and without blocking on a FIFO until a writer opens it (where the platform has `O_NONBLOCK`). */
const FLAGS = constants.O_RDONLY | ((constants as { O_NONBLOCK?: number }).O_NONBLOCK ?? 0);

/**
 * Opens a log file, or its head file, to read, refusing (`INVALID_ARGUMENT`, `details: { file, kind }`, the path and
 * its {@link NonRegularFileKind}) a path that is not a regular file: a directory, or a FIFO, socket or device, which
 * would never end or never start. `what` names it in the message (`'audit head file'`).
 *
 * @internal
 */
export async function openLogFile(file: string, what = 'audit log'): Promise<fs.FileHandle> {
  const handle = await fs.open(file, FLAGS);
  try {
    assertRegularFile(file, await handle.stat(), what);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * {@link openLogFile}, synchronously: a file descriptor.
 *
 * @internal
 */
export function openLogFileSync(file: string, what = 'audit log'): number {
  const fd = openSync(file, FLAGS);
  try {
    assertRegularFile(file, fstatSync(fd), what);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function assertRegularFile(file: string, stats: Stats, what: string): void {
  if (stats.isFile()) return;
  const kind = nonRegularKind(stats);
  const why = kind === 'directory' ? 'is a directory' : `is not a regular file (${WHAT[kind]})`;
  throw new BraneError('INVALID_ARGUMENT', `The ${what} ${describeValue(file)} ${why}`, { details: { file, kind } });
}

const WHAT: Readonly<Record<Exclude<NonRegularFileKind, 'directory'>, string>> = {
  fifo: 'a FIFO',
  socket: 'a socket',
  device: 'a device',
  other: 'a file of another type',
};

/** What a file that is not a regular file is. */
function nonRegularKind(stats: Stats): NonRegularFileKind {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'other';
}
