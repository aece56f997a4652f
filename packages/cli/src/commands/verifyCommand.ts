import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { verifyAuditDirectory, verifyAuditLog, type AuditVerification } from '@brane/audit';
import { boundText, escapeForTerminal } from '@brane/errors';
import type { PostgresAuditVerification } from '@brane/postgres';
import { Command } from 'commander';
import { approvalLocation } from '../approvalLocation.js';
import { CliError, EXIT_FAILURE, usageError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import { commandAction } from '../commandAction.js';
import { withAuditLog } from '../openAuditLog.js';

interface VerifyOptions {
  readonly dir?: string;
  readonly store?: string;
  readonly schema?: string;
  readonly stream?: string;
}

/**
 * `brane audit verify [file] [--dir <path>]`: checks the hash chain and head file of one log, or of every log of a
 * directory (default `.brane/audit`); with `--store postgres://…` (or `BRANE_DATABASE_URL`), every writer stream of
 * the database's audit trail (or `--stream`). Exit 1 when any log or stream has a problem.
 */
export function verifyCommand(io: CliIo): Command {
  const command = new Command('verify')
    .description('check that audit logs are whole and unaltered (exit 1 when any is not)')
    .argument('[file]', 'one log file (or a directory of logs); default: every log in --dir')
    .option('--dir <path>', 'the audit log directory (default: .brane/audit)')
    .option('--store <url>', 'a PostgreSQL audit trail, postgres://… (default: BRANE_DATABASE_URL)')
    .option('--schema <name>', 'the schema of the PostgreSQL audit trail (default: brane)')
    .option('--stream <id>', 'only this writer stream of the PostgreSQL audit trail');
  return commandAction<VerifyOptions>(command, io, async ({ options, args, output }) => {
    if (args[0] !== undefined && options.dir !== undefined)
      throw usageError('Give either a log file or --dir, not both');
    if (args[0] !== undefined && options.store !== undefined) {
      throw usageError('Give either a log file or --store, not both');
    }
    const location = args[0] === undefined ? approvalLocation(options, io, '.brane/audit') : undefined;
    if (location?.kind === 'postgres') {
      return withAuditLog(location.url, location.schema, async ({ log, where, json }) => {
        const streams = await log.verify({ stream: options.stream });
        const ok = streams.every((stream) => stream.ok);
        const records = streams.reduce((sum, stream) => sum + stream.records, 0);
        output.result({ ...json, ok, records, streams }, () => formatStreams(streams, where));
        return ok ? 0 : EXIT_FAILURE;
      });
    }
    if (options.stream !== undefined)
      throw usageError('--stream names a stream of a PostgreSQL audit trail: add --store.');
    const target = path.resolve(io.cwd, args[0] ?? options.dir ?? '.brane/audit');
    const logs = await verify(target);
    const ok = logs.every((log) => log.ok);
    const records = logs.reduce((sum, log) => sum + log.records, 0);
    output.result({ ok, records, logs }, () => formatVerification(logs, target, io.cwd));
    return ok ? 0 : EXIT_FAILURE;
  });
}

async function verify(target: string): Promise<readonly AuditVerification[]> {
  const [log, head] = await Promise.all([
    fs.stat(target).catch(() => undefined),
    fs.stat(`${target}.head`).catch(() => undefined),
  ]);
  if (log?.isDirectory()) return verifyAuditDirectory(target);
  if (log === undefined && head === undefined)
    throw new CliError('NO_AUDIT_LOG', `No audit log or directory at ${target}`);
  return [await verifyAuditLog(target)];
}

/**
 * One line per log (`ok` or `FAILED`), each problem under its log as `file:line: kind: message` (the head file has
 * no line), then the totals. Paths inside the working directory are shown relative to it.
 */
function formatVerification(logs: readonly AuditVerification[], target: string, cwd: string): string {
  if (logs.length === 0) return `No audit logs in ${shown(target, cwd)}: nothing to verify`;
  const lines = logs.flatMap((log) => {
    const file = shown(log.file, cwd);
    const records = `${log.records} record${log.records === 1 ? '' : 's'}`;
    if (log.ok) return [`ok      ${file}  ${records}`];
    const count = `${log.problems.length} problem${log.problems.length === 1 ? '' : 's'}`;
    return [
      `FAILED  ${file}  ${records}, ${count}`,
      ...log.problems.map(
        ({ line, kind, message }) =>
          `  ${line === 0 ? `${file}.head` : `${file}:${line}`}: ${kind}: ${escapeForTerminal(boundText(message))}`,
      ),
    ];
  });
  const failed = logs.filter((log) => !log.ok);
  const problems = failed.reduce((sum, log) => sum + log.problems.length, 0);
  const records = logs.reduce((sum, log) => sum + log.records, 0);
  const total = `${logs.length} log${logs.length === 1 ? '' : 's'}, ${records} record${records === 1 ? '' : 's'}`;
  const verdict =
    failed.length === 0
      ? 'whole and unaltered'
      : `${problems} problem${problems === 1 ? '' : 's'} in ${failed.length} log${failed.length === 1 ? '' : 's'}`;
  return [...lines, `${total}: ${verdict}`].join('\n');
}

/** As {@link formatVerification}, for the streams of a PostgreSQL audit trail: problems as `stream#seq: kind: message`. */
function formatStreams(streams: readonly PostgresAuditVerification[], where: string): string {
  if (streams.length === 0) return `No audit streams in ${escapeForTerminal(where)}: nothing to verify`;
  const lines = streams.flatMap((stream) => {
    const name = escapeForTerminal(boundText(stream.stream));
    const records = `${stream.records} record${stream.records === 1 ? '' : 's'}`;
    if (stream.ok) return [`ok      ${name}  ${records}`];
    const count = `${stream.problems.length} problem${stream.problems.length === 1 ? '' : 's'}`;
    return [
      `FAILED  ${name}  ${records}, ${count}`,
      ...stream.problems.map(
        ({ seq, kind, message }) =>
          `  ${seq === 0 ? `${name} head` : `${name}#${seq}`}: ${kind}: ${escapeForTerminal(boundText(message))}`,
      ),
    ];
  });
  const failed = streams.filter((stream) => !stream.ok);
  const problems = failed.reduce((sum, stream) => sum + stream.problems.length, 0);
  const records = streams.reduce((sum, stream) => sum + stream.records, 0);
  const total = `${streams.length} stream${streams.length === 1 ? '' : 's'}, ${records} record${records === 1 ? '' : 's'}`;
  const verdict =
    failed.length === 0
      ? 'whole and unaltered'
      : `${problems} problem${problems === 1 ? '' : 's'} in ${failed.length} stream${failed.length === 1 ? '' : 's'}`;
  return [...lines, `${total} in ${escapeForTerminal(where)}: ${verdict}`].join('\n');
}

function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return escapeForTerminal(
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file,
  );
}
