/** Where the CLI writes, how it exits, and what it reads from the process; every field is injectable for tests. */
export interface CliIo {
  /** Writes to standard output (results: human text, or the one JSON document of `--json`). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (errors, warnings, usage messages). */
  readonly stderr: (text: string) => void;
  /** Ends the command with this exit code. Default: sets `process.exitCode`, so pending output is flushed. */
  readonly exit: (code: number) => void;
  /** Relative paths (`--dir`, modules) resolve against this. Default `process.cwd()`. */
  readonly cwd: string;
  /** The environment (`BRANE_APPROVAL_SECRET`). Default `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock, in epoch milliseconds (approval states). Default `Date.now`. */
  readonly now: () => number;
  /** Loads a module by file URL for `brane policies`. Default: dynamic `import()`. */
  readonly importModule: (url: string) => Promise<unknown>;
  /**
   * Settles once standard output has taken what was written (a command that prints a stream waits for it between
   * pages, so its memory stays bounded). Default: waits for `process.stdout` to drain when it asks to.
   */
  readonly drain?: (() => Promise<void>) | undefined;
}

/** The real process: stdout, stderr, `process.exitCode`, the working directory and the environment. */
export function processIo(overrides: Partial<CliIo> = {}): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    exit: (code) => {
      process.exitCode = code;
    },
    cwd: process.cwd(),
    env: process.env,
    now: Date.now,
    importModule: (url) => import(url),
    drain: () =>
      process.stdout.writableNeedDrain
        ? new Promise<void>((resolve) => {
            process.stdout.once('drain', resolve);
          })
        : Promise.resolve(),
    ...overrides,
  };
}
