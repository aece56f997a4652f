import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isErrno } from './isErrno.js';

/** Options of {@link lockFile}. */
export interface FileLockOptions {
  /** A lock whose directory was not touched for this long is stale (its holder died) and is taken over. Default 10 s. */
  readonly staleMs?: number | undefined;
  /** Give up waiting for a held lock after this long. Default: twice `staleMs`, so a dead holder's lock is taken over. */
  readonly waitMs?: number | undefined;
}

/** A lock held by {@link lockFile}. */
export interface FileLock {
  /** Set when the lock was taken from us (removed or replaced) while we held it: what it guarded is no longer ours. */
  readonly compromised: Error | undefined;
  /** Removes the lock, if it is still ours. Never throws. */
  release(): Promise<void>;
}

const DEFAULT_STALE_MS = 10_000;

/**
 * Takes an inter-process lock on `file`: the directory `<file>.lock`, created with `mkdir` (atomic on every local
 * file system). While held, the directory's mtime is refreshed every `staleMs / 2`; a lock older than `staleMs`
 * belonged to a dead process and is taken over. Waits with jittered backoff; rejects after `waitMs`.
 *
 * Written here rather than taken from npm (proper-lockfile): that package calls `require` at run time, which breaks
 * an ESM bundle of the user's application (`Dynamic require of "path" is not supported`).
 */
export async function lockFile(file: string, options: FileLockOptions = {}): Promise<FileLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.waitMs ?? staleMs * 2);
  const directory = `${file}.lock`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fs.mkdir(directory);
      return await heldLock(directory, staleMs);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    if (await takeOverIfStale(directory, staleMs)) continue;
    if (Date.now() >= deadline) {
      throw Object.assign(new Error(`the lock ${directory} is held by another process`), { code: 'ELOCKED' });
    }
    const backoff = Math.min(250, 5 * 1.3 ** attempt);
    await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * (backoff / 2)));
  }
}

async function heldLock(directory: string, staleMs: number): Promise<FileLock> {
  // A marker of our own inside the directory tells our lock from a new one made after it was taken from us
  // (a directory made again may get the same inode).
  const marker = path.join(directory, `${process.pid}.${randomBytes(8).toString('hex')}.owner`);
  try {
    await fs.writeFile(marker, '', { flag: 'wx' });
  } catch (error) {
    await fs.rm(directory, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  let compromised: Error | undefined;
  let released = false;
  const stillOurs = async (): Promise<boolean> => {
    try {
      await fs.access(marker);
      return true;
    } catch {
      return false;
    }
  };
  const refresh = setInterval(() => {
    void (async () => {
      if (released || compromised) return;
      if (!(await stillOurs())) {
        compromised = new Error(`the lock ${directory} was taken over while held`);
        return;
      }
      const now = new Date();
      await fs.utimes(directory, now, now).catch(() => undefined);
    })();
  }, staleMs / 2);
  refresh.unref();
  return {
    get compromised() {
      return compromised;
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      if (compromised || !(await stillOurs())) return;
      await fs.rm(directory, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/**
 * Removes the lock directory when it is stale. The stale directory is renamed aside first, and removed only when it is
 * still stale: two processes taking over at once cannot remove the fresh lock one of them just made.
 */
async function takeOverIfStale(directory: string, staleMs: number): Promise<boolean> {
  let seen;
  try {
    seen = await fs.stat(directory);
  } catch (error) {
    return isErrno(error, 'ENOENT'); // released meanwhile: try again at once
  }
  if (Date.now() - seen.mtimeMs <= staleMs) return false;
  const aside = path.join(
    path.dirname(directory),
    `.${path.basename(directory)}.${randomBytes(6).toString('hex')}.stale`,
  );
  try {
    await fs.rename(directory, aside);
  } catch {
    return false; // someone else took it over first
  }
  const moved = await fs.stat(aside).catch(() => undefined);
  if (moved !== undefined && Date.now() - moved.mtimeMs <= staleMs) {
    // A fresh lock replaced the stale one between our stat and rename: give it back.
    await fs.rename(aside, directory).catch(() => undefined);
    return false;
  }
  await fs.rm(aside, { recursive: true, force: true }).catch(() => undefined);
  return true;
}
