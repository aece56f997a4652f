import { escapeForTerminal } from '@brane/errors';
import type { CliIo } from './CliIo.js';
import type { ErrorReport } from './describeError.js';

/** How a command prints: readable text for people, or (`--json`) one JSON document on stdout for machines. */
export interface Output {
  /** Whether `--json` was given. */
  readonly json: boolean;
  /** Prints the result: `data` as one JSON document, or the text `human()` returns. */
  result(data: unknown, human: () => string): void;
  /** Prints a failure: one line on stderr and, with `--json`, `{ "error": { code, message } }` on stdout. */
  error(report: ErrorReport): void;
}

/**
 * The {@link Output} of one command run.
 *
 * @example
 * createOutput(io, options.json).result({ events }, () => formatTable(header, rows));
 */
export function createOutput(io: Pick<CliIo, 'stdout' | 'stderr'>, json: boolean): Output {
  return {
    json,
    result(data, human) {
      if (json) io.stdout(`${JSON.stringify(data, null, 2)}\n`);
      else {
        const text = terminalLines(human());
        if (text !== '') io.stdout(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    error(report) {
      io.stderr(
        `brane: ${escapeForTerminal(`${report.code === 'USAGE' ? '' : `${report.code}: `}${report.message}`)}\n`,
      );
      if (json) io.stdout(`${JSON.stringify({ error: { code: report.code, message: report.message } }, null, 2)}\n`);
    },
  };
}

/**
 * `text` with every line escaped (`escapeForTerminal`): the formatters escape each value, so that none adds a
 * line; this keeps any control character, ANSI escape or bidi control a formatter missed from the terminal.
 */
export function terminalLines(text: string): string {
  return text.split('\n').map(escapeForTerminal).join('\n');
}
