import { BRANE_ERROR_CODES, boundText, type BraneError } from '@brane/errors';
import { CliError, EXIT_FAILURE } from './CliError.js';

/** What the CLI says about an error: a code, a one-line message, and the exit code. */
export interface ErrorReport {
  readonly code: string;
  readonly message: string;
  readonly exitCode: number;
  /** `false` for a bug (an error no command expects); its stack is worth showing. */
  readonly expected: boolean;
}

/**
 * Classifies `error`: a {@link CliError} keeps its code and exit code; a `BraneError` (an approval that cannot be
 * decided, a tampered record, ...) and a file-system error (`ENOENT`, `EACCES`) are expected failures (exit 1);
 * anything else is unexpected (exit 1, code `UNEXPECTED`).
 */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    return { code: error.code, message: error.message, exitCode: error.exitCode, expected: true };
  }
  if (isBraneError(error) || isSystemError(error)) {
    return { code: error.code, message: oneLine(error.message), exitCode: EXIT_FAILURE, expected: true };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED', message: oneLine(message), exitCode: EXIT_FAILURE, expected: false };
}

/** A `BraneError`, by its code rather than `instanceof`: another copy of `@brane/errors` may have made it. */
function isBraneError(error: unknown): error is BraneError {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (BRANE_ERROR_CODES as readonly unknown[]).includes(code);
}

/** A Node.js system error: `code` such as `ENOENT`, `EACCES`, `EISDIR`. */
function isSystemError(error: unknown): error is Error & { readonly code: string } {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** The message on one line (later lines are joined with spaces), bounded (`boundText`). */
function oneLine(message: unknown): string {
  return boundText(typeof message === 'string' ? message : String(message))
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
