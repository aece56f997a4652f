import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { lockFile, writeFileAtomically } from '@brane/approvals';
import { BraneError } from '@brane/errors';

/**
 * A JSON document in a file (mode 0600) that several processes share: each change holds an inter-process lock
 * (`lockFile` of `@brane/approvals`) and rewrites the file atomically (`writeFileAtomically`). @internal
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
    await fs.writeFile(this.file, '', { flag: 'a', mode: 0o600 }); // the file exists, private, from the first change
    const held = await lockFile(this.file, { staleMs: 10_000 });
    try {
      const before = await this.read();
      const [after, result] = change(before);
      if (after !== before) {
        if (held.compromised) throw held.compromised;
        await writeFileAtomically(this.file, `${JSON.stringify(after)}\n`, { mode: 0o600 });
      }
      return result;
    } finally {
      await held.release();
    }
  }
}
