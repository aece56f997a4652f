import { promises as fs } from 'node:fs';
import { CliError } from './CliError.js';

/**
 * Runs `action` with the process's working directory set to `directory` (an absolute path), and restores the one
 * before when it settles. A runtime resolves its relative paths (the `.brane/approvals` and `.brane/audit` defaults)
 * against `process.cwd()` when it is built, so this is how `brane policies --dir` builds a module's runtime as it
 * would run there. The working directory belongs to the whole process: nothing else should run meanwhile, as in a
 * CLI process. A directory that is missing, or not a directory, is `NO_DIRECTORY` (exit 1).
 */
export async function inWorkingDirectory<T>(directory: string, action: () => Promise<T>): Promise<T> {
  const stat = await fs.stat(directory).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) {
    throw new CliError('NO_DIRECTORY', `No directory at ${directory} (--dir names the directory the runtime runs in)`);
  }
  const before = process.cwd();
  if (before === directory) return action();
  process.chdir(directory);
  try {
    return await action();
  } finally {
    process.chdir(before);
  }
}
