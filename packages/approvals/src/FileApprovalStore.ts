import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApprovalError, BraneError, describeValue } from '@brane/errors';
import { approvalMatches, parseApprovalQuery, type ApprovalQuery } from './ApprovalQuery.js';
import type { ApprovalRecord } from './ApprovalRecord.js';
import type { ApprovalStore } from './ApprovalStore.js';
import { APPROVAL_ID_PATTERN, assertApprovalId } from './assertApprovalId.js';
import { errorMessage } from './errorMessage.js';
import { isErrno } from './isErrno.js';
import { lockFile, type FileLock } from './lockFile.js';
import { assertExpectedSeal, hasSeal, recordFromJson, recordToJson } from './recordJson.js';
import { writeFileAtomically } from './writeFileAtomically.js';

/** Options of a {@link FileApprovalStore}. */
export interface FileApprovalStoreOptions {
  /** Where the record files live; relative paths resolve against `process.cwd()` at construction. Default `.brane/approvals`. */
  readonly directory?: string | undefined;
}

/** A lock not refreshed for this long is stale (its holder died) and may be taken over. */
const LOCK_STALE_MS = 10_000;
/** How many record files `list` reads at once. */
const READ_BATCH = 64;

/**
 * An {@link ApprovalStore} on the local file system: one JSON file per record (`<directory>/<id>.json`), shared by
 * every process that opens the same directory, and kept across restarts.
 *
 * - `create` writes a temporary file and hard-links it to `<id>.json`: the record appears whole, and a second
 *   create of the same id fails (`EEXIST`) even across processes.
 * - `update` holds an inter-process lock on the record (a `<id>.json.lock` directory, taken over when stale) while
 *   it compares seals and writes the new record atomically (temporary file, fsync, rename: a reader never sees a
 *   torn file).
 *
 * @example
 * const store = new FileApprovalStore({ directory: '/var/lib/brane/approvals' });
 */
export class FileApprovalStore implements ApprovalStore {
  /** The absolute directory of the record files. */
  readonly directory: string;

  constructor(options: FileApprovalStoreOptions = {}) {
    const { directory = '.brane/approvals' } = options ?? {};
    if (typeof directory !== 'string' || directory === '') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `FileApprovalStore: \`directory\` must be a non-empty path (got ${describeValue(directory)})`,
      );
    }
    this.directory = path.resolve(directory);
  }

  /** {@inheritDoc ApprovalStore.create} */
  async create(record: ApprovalRecord): Promise<void> {
    const json = recordToJson(record);
    const { id } = record;
    const file = this.#file(id);
    const temp = path.join(this.directory, `.${id}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.mkdir(this.directory, { recursive: true });
      await writeDurably(temp, json);
      await fs.link(temp, file).catch((error: unknown) => {
        if (!isErrno(error, 'EEXIST')) throw error;
        throw new ApprovalError('APPROVAL_STORE_FAILED', id, `Approval ${id} already exists in ${this.directory}`, {
          cause: error,
        });
      });
    } catch (error) {
      throw storeFailed(id, `create approval ${id} in ${this.directory}`, error);
    } finally {
      await fs.rm(temp, { force: true }).catch(() => undefined); // a leftover `.tmp` file is ignored by `list`
    }
  }

  /** {@inheritDoc ApprovalStore.get} */
  async get(id: string): Promise<ApprovalRecord | undefined> {
    assertApprovalId(id);
    const text = await this.#read(id);
    return text === undefined ? undefined : recordFromJson(id, text);
  }

  /**
   * {@inheritDoc ApprovalStore.list}
   *
   * The file names are the ids, so the cursor and the order cost one directory listing; the filters need each
   * record read, in id order, a batch at a time, until the page is full.
   */
  async list(query?: ApprovalQuery): Promise<ApprovalRecord[]> {
    const parsed = parseApprovalQuery(query);
    let names: string[];
    try {
      names = await fs.readdir(this.directory);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw storeFailed('*', `list approvals in ${this.directory}`, error);
    }
    const { cursor, limit = Infinity } = parsed;
    const ids = names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((id) => APPROVAL_ID_PATTERN.test(id) && (cursor === undefined || id > cursor))
      .sort((a, b) => (a < b ? -1 : 1));
    const found: ApprovalRecord[] = [];
    for (let start = 0; start < ids.length && found.length < limit; start += READ_BATCH) {
      const batch = await Promise.all(ids.slice(start, start + READ_BATCH).map((id) => this.get(id)));
      for (const record of batch) {
        if (record !== undefined && found.length < limit && approvalMatches(record, parsed)) found.push(record);
      }
    }
    return found;
  }

  /** {@inheritDoc ApprovalStore.update} */
  async update(next: ApprovalRecord, expectedSeal: string): Promise<boolean> {
    const json = recordToJson(next);
    assertExpectedSeal(expectedSeal);
    const { id } = next;
    const file = this.#file(id);
    // Without the lock first: a missing record or a seal that already moved on
    // cannot match later, since records are never deleted and every seal is new. Losers of a race skip the lock.
    const before = await this.#read(id);
    if (before === undefined || !hasSeal(id, before, expectedSeal)) return false;
    let held: FileLock;
    try {
      held = await lockFile(file, { staleMs: LOCK_STALE_MS });
    } catch (error) {
      throw storeFailed(id, `lock approval ${id}`, error);
    }
    try {
      const current = await this.#read(id);
      if (current === undefined || !hasSeal(id, current, expectedSeal)) return false;
      if (held.compromised) throw storeFailed(id, `keep the lock on approval ${id}`, held.compromised);
      await writeFileAtomically(file, json).catch((error: unknown) => {
        throw storeFailed(id, `write approval ${id}`, error);
      });
      return true;
    } finally {
      await held.release();
    }
  }

  #file(id: string): string {
    return path.join(this.directory, `${id}.json`);
  }

  /** The text of `<id>.json`, or `undefined` when there is no such file. */
  async #read(id: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.#file(id), 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw storeFailed(id, `read approval ${id}`, error);
    }
  }
}

/** Writes a new file and flushes it to disk before it is linked into place. */
async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function storeFailed(id: string, what: string, cause: unknown): ApprovalError {
  if (cause instanceof ApprovalError) return cause;
  const reason = errorMessage(cause);
  return new ApprovalError('APPROVAL_STORE_FAILED', id, `Could not ${what}: ${reason}`, { cause });
}
