/** Exit code of a command that failed, or whose check found problems. */
export const EXIT_FAILURE = 1;
/** Exit code of a command used wrongly: an unknown command or option, a missing or malformed value. */
export const EXIT_USAGE = 2;

/**
 * An expected failure of a command: printed as one line (`brane: <message>`), never with a stack, and ends the
 * command with `exitCode`. `code` names the failure for `--json` output.
 *
 * @example
 * throw new CliError('MODULE_NOT_FOUND', `No module at \`${file}\``);
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { readonly exitCode?: number; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
  }
}

/** A {@link CliError} for a value the user passed wrongly: exit code {@link EXIT_USAGE}. */
export function usageError(message: string): CliError {
  return new CliError('USAGE', message, { exitCode: EXIT_USAGE });
}
