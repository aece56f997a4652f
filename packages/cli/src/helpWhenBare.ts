import type { Command } from 'commander';
import type { CliIo } from './CliIo.js';

/**
 * Makes a command group (`brane`, `brane approvals`) print its help on stdout and exit 0 when run bare, as asking
 * for help is not a mistake; an unknown subcommand stays a usage error (exit 2).
 *
 * @example
 * helpWhenBare(new Command('audit').addCommand(tailCommand(io)), io);
 */
export function helpWhenBare(command: Command, io: Pick<CliIo, 'exit'>): Command {
  return command.allowExcessArguments(true).action((...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    if (self.args.length > 0) {
      // Commander's own error for it (`unknown command 'lst'`, with its "Did you mean" suggestion): a method its
      // types leave out, present in the commander version pinned in package.json (run.spec.ts checks the output).
      (self as unknown as { unknownCommand(): void }).unknownCommand();
      return;
    }
    self.outputHelp();
    io.exit(0);
  });
}
