import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BraneError } from '@brane/errors';
import { lock } from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';

const LOCK_RETRIES = { retries: 60, factor: 1.3, minTimeout: 5, maxTimeout: 200, randomize: true };

/**
 * A JSON document in a file (mode 0600) that several processes share: each change holds an inter-process lock
 * (`proper-lockfile`) and rewrites the file atomically (`write-file-atomic`). @internal
 */
export class LockedJsonFile<Doc> {
  readonly file: string;
  readonly #empty: Doc;
  readonly #check: (value: unknown) => value is Doc;

  constructor(file: string, empty: Doc, check: (value: unknown) => value is Doc) {
    this.file = path.resolve(file);
    this.#empty = empty;
    this.#check = check;
  }

  /** The document (the empty one when the file is missing or blank). */
  async read(): Promise<Doc> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return this.#empty;
      throw error;
    }
    if (text.trim() === '') return this.#empty;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!this.#check(value)) throw new BraneError('INVALID_OPTIONS', `${this.file} is not a file the console wrote`);
    return value;
  }

  /** Applies `change` under the lock and writes its document; resolves what `change` returned beside it. */
  async change<T>(change: (doc: Doc) => readonly [Doc, T]): Promise<T> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await fs.writeFile(this.file, '', { flag: 'a', mode: 0o600 }); // the lock needs the file to exist
    const release = await lock(this.file, { stale: 10_000, retries: LOCK_RETRIES, realpath: false });
    try {
      const before = await this.read();
      const [after, result] = change(before);
      if (after !== before)
        await writeFileAtomic(this.file, `${JSON.stringify(after)}\n`, { mode: 0o600, fsync: true });
      return result;
    } finally {
      await release();
    }
  }
}
