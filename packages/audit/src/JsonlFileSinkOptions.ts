/** Options of a {@link JsonlFileSink}. */
export interface JsonlFileSinkOptions {
  /** Where logs go; relative paths resolve against `process.cwd()` at construction. Default `.brane/audit`. */
  readonly directory?: string | undefined;
  /**
   * The log file, relative to `directory`. An existing log is continued, if it verifies. Default: a new file per
   * sink, `<ISO time>-<pid>-<random>.jsonl`.
   */
  readonly file?: string | undefined;
  /** With a `flushIntervalMs`: append as soon as this many records are buffered. Default 256. */
  readonly batchSize?: number | undefined;
  /**
   * Hold records up to this long (or until `batchSize` are buffered) before appending them. Default 0: records are
   * appended as soon as the append before them finishes, so a batch is whatever arrived meanwhile.
   */
  readonly flushIntervalMs?: number | undefined;
}
