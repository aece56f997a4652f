/** A file of the example's store: its text and the email address of its owner. */
export interface StoredFile {
  readonly text: string;
  readonly owner: string;
}

/** The files the `files` MCP server serves: an in-memory map from path to file. */
export class FileStore {
  readonly #files: Map<string, StoredFile>;

  constructor(files: Readonly<Record<string, StoredFile>>) {
    this.#files = new Map(Object.entries(files));
  }

  read(path: string): StoredFile | undefined {
    return this.#files.get(path);
  }

  write(path: string, text: string, owner: string): void {
    this.#files.set(path, { text, owner });
  }

  delete(path: string): boolean {
    return this.#files.delete(path);
  }

  get paths(): readonly string[] {
    return [...this.#files.keys()].sort();
  }
}

/** The files the example starts with. */
export function sampleFiles(): FileStore {
  return new FileStore({
    '/notes/todo.md': { text: '- ship the MCP example', owner: 'ada@example.com' },
    '/tmp/scratch.txt': { text: 'scratch', owner: 'ada@example.com' },
    '/etc/app.conf': { text: 'mode=safe', owner: 'ops@example.com' },
  });
}
