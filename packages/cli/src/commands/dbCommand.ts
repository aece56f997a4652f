import { migrate } from '@brane/postgres';
import { Command } from 'commander';
import { redactedUrl } from '../approvalLocation.js';
import { usageError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import { commandAction } from '../commandAction.js';
import { helpWhenBare } from '../helpWhenBare.js';

interface MigrateOptions {
  readonly dir?: string;
  readonly store?: string;
  readonly schema?: string;
}

/**
 * `brane db migrate`: creates or upgrades Brane's tables in a PostgreSQL schema. It accepts `--dir`, as every command
 * does, only to say that a database is named with `--store` (a usage error).
 */
export function dbCommand(io: CliIo): Command {
  return helpWhenBare(
    new Command('db').description("manage Brane's PostgreSQL tables").addCommand(migrateCommand(io)),
    io,
  );
}

function migrateCommand(io: CliIo): Command {
  const command = new Command('migrate')
    .description(
      'create or upgrade the tables of a schema, once: safe to run from many processes at once (an advisory lock)',
    )
    .option('--store <url>', 'the database, postgres://… (default: BRANE_DATABASE_URL)')
    .option('--schema <name>', 'the schema (default: brane)')
    .option('--dir <path>', 'not for this command: a database has no directory (name it with --store)');
  return commandAction<MigrateOptions>(command, io, async ({ options, output }) => {
    if (options.dir !== undefined) {
      throw usageError(
        '--dir names a directory, and the file stores need no migration: name the database with --store postgres://… (or BRANE_DATABASE_URL).',
      );
    }
    const fromEnv = io.env['BRANE_DATABASE_URL'];
    const url = options.store ?? (fromEnv === '' ? undefined : fromEnv);
    if (url === undefined) throw usageError('Name the database: --store postgres://… or BRANE_DATABASE_URL.');
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw usageError(`${options.store === undefined ? 'BRANE_DATABASE_URL' : '--store'} must be a postgres:// URL.`);
    }
    const result = await migrate(url, { schema: options.schema });
    const store = redactedUrl(url);
    output.result({ store, ...result }, () =>
      result.applied.length === 0
        ? `Schema ${result.schema} of ${store} is up to date (version ${result.version}).`
        : `Migrated schema ${result.schema} of ${store} to version ${result.version}: applied ${result.applied.join(', ')}.`,
    );
  });
}
