import type { Command } from 'commander';
import type { CliIo } from './CliIo.js';
import { describeError } from './describeError.js';
import { createOutput, terminalLines, type Output } from './output.js';

/** What a command's handler receives: its parsed options, its positional arguments, and where to print. */
export interface CommandRun<O> {
  readonly options: O & { readonly json?: boolean };
  readonly args: readonly string[];
  readonly output: Output;
  readonly io: CliIo;
}

/**
 * Adds `--json` to `command` and makes `handler` its action. The handler returns the exit code (default 0); an
 * error it throws is printed as one line (see `describeError`) and ends the command with that error's exit code.
 * Either way, the command ends with `io.exit(code)`.
 *
 * @example
 * commandAction(new Command('tail'), io, async ({ options, output }) => { output.result(data, () => text); });
 */
export function commandAction<O>(
  command: Command,
  io: CliIo,
  handler: (run: CommandRun<O>) => Promise<number | undefined> | Promise<void>,
): Command {
  return command
    .option('--json', 'print one JSON document on stdout, for machines')
    .action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      const options = self.opts<O & { json?: boolean }>();
      const output = createOutput(io, options.json === true);
      let code: number;
      try {
        const returned: unknown = await handler({ options, args: self.args, output, io });
        code = typeof returned === 'number' ? returned : 0;
      } catch (error) {
        const report = describeError(error);
        output.error(report);
        if (!report.expected) {
          // The stack starts with the message, which may quote hostile text: escaped line by line like all output.
          io.stderr(
            io.env['BRANE_DEBUG']
              ? `${terminalLines(String((error as Error | null)?.stack ?? error))}\n`
              : 'brane: set BRANE_DEBUG=1 to see the stack\n',
          );
        }
        code = report.exitCode;
      }
      io.exit(code);
    });
}
