import { escapeForTerminal } from '@brane/errors';
import { CommanderError } from 'commander';
import { EXIT_FAILURE } from './CliError.js';
import { processIo, type CliIo } from './CliIo.js';
import { createProgram } from './createProgram.js';

/**
 * Runs the `brane` command line `argv` (as in `process.argv`: the node binary and script first) and resolves with
 * its exit code, once `io.exit` has been called with it. Never rejects.
 *
 * @example
 * // bin/brane.cjs
 * require('../dist/index.cjs').run(process.argv);
 */
export async function run(argv: readonly string[] = process.argv, overrides: Partial<CliIo> = {}): Promise<number> {
  const io = processIo(overrides);
  let code: number | undefined;
  const program = createProgram({ ...io, exit: (exitCode) => (code ??= exitCode) });
  try {
    await program.parseAsync([...argv], { from: 'node' });
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      io.stderr(`brane: ${escapeForTerminal(error instanceof Error ? error.message : String(error))}\n`);
      code ??= EXIT_FAILURE;
    }
  }
  io.exit(code ?? 0);
  return code ?? 0;
}
