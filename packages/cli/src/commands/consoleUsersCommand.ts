import * as path from 'node:path';
import { ConsoleUsers, FileConsoleSessions } from '@brane/console';
import { PostgresConsoleSessions } from '@brane/postgres';
import { Command } from 'commander';
import { usageError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import { commandAction } from '../commandAction.js';
import { helpWhenBare } from '../helpWhenBare.js';
import { nonBlank, positiveInteger } from '../optionParsers.js';

interface UsersOptions {
  readonly dir?: string;
  /** The deprecated name of `--dir`. */
  readonly consoleDir?: string;
}
interface AddOptions extends UsersOptions {
  readonly groups?: string;
  readonly ttl?: number;
  readonly url?: string;
}

const DEFAULT_URL = 'http://127.0.0.1:4319';
/** The console's own directory by default: its users file lives there. */
export const DEFAULT_CONSOLE_DIRECTORY = '.brane/console';

/**
 * `brane console users add|list|remove`: the people who may sign in to the console, and their groups, in the
 * console's directory (`--dir`, default `.brane/console`; `--console-dir` is its deprecated name).
 */
export function consoleUsersCommand(io: CliIo): Command {
  return helpWhenBare(
    new Command('users')
      .description('add, list and remove the people who may sign in to the console')
      .addCommand(addCommand(io))
      .addCommand(listCommand(io))
      .addCommand(removeCommand(io)),
    io,
  );
}

function withDir(command: Command): Command {
  return command
    .option('--dir <path>', `the console's directory, with its users file (default: ${DEFAULT_CONSOLE_DIRECTORY})`)
    .option('--console-dir <path>', 'deprecated: the old name of --dir');
}

/**
 * The console's directory: `--dir`, or its deprecated name `--console-dir` (with a warning on stderr), else the
 * default. Both, naming different directories, is a usage error.
 */
function consoleDirectory(options: UsersOptions, io: CliIo): string {
  const { dir, consoleDir } = options;
  if (consoleDir !== undefined) {
    if (dir !== undefined && path.resolve(io.cwd, dir) !== path.resolve(io.cwd, consoleDir)) {
      throw usageError('Give --dir (the console directory) or its old name --console-dir, not both.');
    }
    io.stderr('brane: --console-dir is deprecated: use --dir (the same directory)\n');
  }
  return path.resolve(io.cwd, dir ?? consoleDir ?? DEFAULT_CONSOLE_DIRECTORY);
}

function usersAt(directory: string, io: CliIo): ConsoleUsers {
  return new ConsoleUsers(directory, { now: io.now });
}

function addCommand(io: CliIo): Command {
  const command = withDir(new Command('add'))
    .description('add a person (or renew their groups) and print a one-time sign-in link; only its hash is stored')
    .argument('<id>', 'who they are, as approvals will record it (maria@finance)', nonBlank)
    .option('--groups <names>', 'their approver groups, comma-separated (finance,support)')
    .option('--ttl <minutes>', 'how long the sign-in link stays valid (default: 15)', positiveInteger)
    .option('--url <url>', `the console's URL, for the link (default: ${DEFAULT_URL})`, nonBlank);
  return commandAction<AddOptions>(command, io, async ({ options, args, output }) => {
    const groups = (options.groups ?? '')
      .split(',')
      .map((group) => group.trim())
      .filter((group) => group !== '');
    const users = usersAt(consoleDirectory(options, io), io);
    const issued = await users.add({ id: args[0] ?? '', groups }, (options.ttl ?? 15) * 60_000);
    const link = `${(options.url ?? DEFAULT_URL).replace(/\/$/, '')}/sign-in?token=${issued.token}`;
    output.result({ user: issued.userId, groups, token: issued.token, link, expiresAt: issued.expiresAt }, () =>
      [
        `Added ${issued.userId} (${groups.length === 0 ? 'no groups' : groups.join(', ')}).`,
        `One-time sign-in link, valid until ${issued.expiresAt}:`,
        `  ${link}`,
        `It signs in once; it is not stored (only its hash is, in ${users.file}).`,
      ].join('\n'),
    );
  });
}

function listCommand(io: CliIo): Command {
  return commandAction<UsersOptions>(
    withDir(new Command('list')).description('list the people who may sign in'),
    io,
    async ({ options, output }) => {
      const users = await usersAt(consoleDirectory(options, io), io).list();
      output.result({ users }, () =>
        users.length === 0
          ? 'No console users: add one with brane console users add <id> --groups <group,…>'
          : users
              .map(
                (user) =>
                  `${user.id}  groups: ${user.groups.join(', ') || '—'}  open sign-in links: ${user.openTokens}`,
              )
              .join('\n'),
      );
    },
  );
}

interface RemoveOptions extends UsersOptions {
  readonly store?: string;
  readonly schema?: string;
}

function removeCommand(io: CliIo): Command {
  const command = withDir(new Command('remove'))
    .description('remove a person, their sign-in links and their signed-in sessions')
    .argument('<id>', 'who', nonBlank)
    .option('--store <url>', "the console's PostgreSQL store, postgres://… (default: BRANE_DATABASE_URL)", nonBlank)
    .option('--schema <name>', 'the schema of the PostgreSQL store (default: brane)', nonBlank);
  return commandAction<RemoveOptions>(command, io, async ({ options, args, output }) => {
    const id = args[0] ?? '';
    const directory = consoleDirectory(options, io);
    const removed = await usersAt(directory, io).remove(id);
    let sessions = await new FileConsoleSessions(directory).revokeUser(id);
    const url = options.store ?? (io.env['BRANE_DATABASE_URL'] || undefined);
    if (url !== undefined) {
      if (!/^postgres(ql)?:\/\//.test(url)) throw usageError('--store must be a postgres:// URL');
      const store = new PostgresConsoleSessions({ connectionString: url, schema: options.schema, maxConnections: 1 });
      try {
        sessions += await store.revokeUser(id);
      } finally {
        await store.close();
      }
    }
    output.result({ user: id, removed, sessionsRevoked: sessions }, () =>
      removed || sessions > 0
        ? `Removed ${id}${sessions > 0 ? ` and ended ${sessions} signed-in session${sessions === 1 ? '' : 's'}` : ''}.`
        : `No console user ${id}.`,
    );
    return removed ? 0 : 1;
  });
}
