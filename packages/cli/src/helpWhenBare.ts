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
      self.unknownCommand();
      return;
    }
    self.outputHelp();
    io.exit(0);
  });
}
