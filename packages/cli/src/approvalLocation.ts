import * as path from 'node:path';
import type { Command } from 'commander';
import { usageError } from './CliError.js';
import type { CliIo } from './CliIo.js';

/** The default store directory: the runtime's default `FileApprovalStore` directory. */
export const DEFAULT_DIRECTORY = '.brane/approvals';
const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Where the approvals are: the embedded file store's directory, or a PostgreSQL database and schema. */
export type ApprovalLocation =
  | { readonly kind: 'directory'; readonly directory: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string | undefined };

/** The store options of the commands that read approvals: `--dir`, or `--store` (and `--schema`). */
export interface StoreOptions {
  readonly dir?: string;
  readonly store?: string;
  readonly schema?: string;
}

/** Adds `--dir`, `--store` and `--schema` to `command`. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--dir <path>', `the approval store directory (default: ${DEFAULT_DIRECTORY})`)
    .option('--store <url>', 'a PostgreSQL approval store, postgres://… (default: BRANE_DATABASE_URL)')
    .option('--schema <name>', 'the schema of the PostgreSQL store (default: brane)');
}

/**
 * Where `options` say the approvals (or, with `defaultDirectory`, the audit logs) are: `--store`, else `--dir`, else
 * `BRANE_DATABASE_URL`, else the default directory. `--dir` with `--store`, `--schema` without a database, or a URL that is not `postgres://` are usage
 * errors.
 */
export function approvalLocation(
  options: StoreOptions,
  io: Pick<CliIo, 'cwd' | 'env'>,
  defaultDirectory = DEFAULT_DIRECTORY,
): ApprovalLocation {
  if (options.dir !== undefined && options.store !== undefined) {
    throw usageError('Give --dir or --store, not both.');
  }
  const fromEnv = options.dir === undefined ? io.env['BRANE_DATABASE_URL'] : undefined;
  const url = options.store ?? (fromEnv === '' ? undefined : fromEnv);
  if (url === undefined) {
    if (options.schema !== undefined) throw usageError('--schema names a schema of a PostgreSQL store: add --store.');
    return { kind: 'directory', directory: path.resolve(io.cwd, options.dir ?? defaultDirectory) };
  }
  if (!POSTGRES_URL.test(url)) {
    const source = options.store === undefined ? 'BRANE_DATABASE_URL' : '--store';
    throw usageError(`${source} must be a postgres:// URL.`);
  }
  return { kind: 'postgres', url, schema: options.schema };
}

/** `url` with its password replaced by `***`, for output. */
export function redactedUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
