import { Command, CommanderError } from 'commander';
import { EXIT_USAGE } from './CliError.js';
import { processIo, type CliIo } from './CliIo.js';
import { terminalLines } from './output.js';
import { approvalsCommand } from './commands/approvalsCommand.js';
import { auditCommand } from './commands/auditCommand.js';
import { consoleCommand } from './commands/consoleCommand.js';
import { dbCommand } from './commands/dbCommand.js';
import { policiesCommand } from './commands/policiesCommand.js';
import { packageVersion } from './packageVersion.js';
import { helpWhenBare } from './helpWhenBare.js';

/** Commander's codes for help and version output: not errors. */
const SUCCESS_CODES = ['commander.helpDisplayed', 'commander.version'];

/**
 * The `brane` command: `audit`, `approvals`, `policies` and `db`, writing through `io` (by default the real process).
 * Every command ends with one call to `io.exit(code)`: 0 on success, 1 on a failure or a failed check, 2 on a
 * usage error. A usage error (an unknown command or option, a missing or malformed value) also makes the parse
 * reject with commander's `CommanderError`; `run` handles that for you.
 *
 * @example
 * const program = createProgram({ stdout: (text) => out.push(text), exit: (code) => (exitCode = code) });
 * await program.parseAsync(['approvals', 'list', '--json'], { from: 'user' });
 */
export function createProgram(overrides: Partial<CliIo> = {}): Command {
  const io = processIo(overrides);
  const program = new Command('brane')
    .description(
      "Read audit logs, decide approvals, check the policies of a Brane runtime, and migrate Brane's PostgreSQL tables.",
    )
    .version(packageVersion, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addCommand(auditCommand(io))
    .addCommand(approvalsCommand(io))
    .addCommand(policiesCommand(io))
    .addCommand(dbCommand(io))
    .addCommand(consoleCommand(io))
    .addHelpText(
      'after',
      [
        '',
        'Every command takes --json (one JSON document on stdout) and --dir <path>, the directory of what it works on:',
        '  audit: the audit logs (default .brane/audit); approvals, console: the approvals (default .brane/approvals);',
        "  console users: the console's directory (default .brane/console; --console-dir is its deprecated name);",
        '  policies: where the module resolves from and its runtime runs (default: the working directory);',
        '  db migrate: none, a database is named with --store (--dir is a usage error).',
        'Exit codes: 0 success, 1 failure or failed check, 2 usage error.',
      ].join('\n'),
    );
  helpWhenBare(program, io);
  configure(program, io);
  return program;
}

/** Gives `command` and every subcommand the same output, error handling and exit codes. */
function configure(command: Command, io: CliIo): void {
  command
    // commander's messages quote what was typed (`unknown option '…'`): escaped like every other text.
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => {
        write(terminalLines(text));
      },
    })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride((error: CommanderError) => {
      io.exit(SUCCESS_CODES.includes(error.code) ? 0 : EXIT_USAGE);
      throw error;
    });
  for (const subcommand of command.commands) configure(subcommand, io);
}
