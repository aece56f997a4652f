import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { verifyAuditDirectory, verifyAuditLog, type AuditVerification } from '@brane/audit';
import { boundText, escapeForTerminal } from '@brane/errors';
import { Command } from 'commander';
import { CliError, EXIT_FAILURE, usageError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import { commandAction } from '../commandAction.js';

interface VerifyOptions {
  readonly dir?: string;
}

/**
 * `brane audit verify [file] [--dir <path>]`: checks the hash chain and head file of one log, or of every log of a
 * directory (default `.brane/audit`); exit 1 when any log has a problem.
 */
export function verifyCommand(io: CliIo): Command {
  const command = new Command('verify')
    .description('check that audit logs are whole and unaltered (exit 1 when any is not)')
    .argument('[file]', 'one log file (or a directory of logs); default: every log in --dir')
    .option('--dir <path>', 'the audit log directory (default: .brane/audit)');
  return commandAction<VerifyOptions>(command, io, async ({ options, args, output }) => {
    if (args[0] !== undefined && options.dir !== undefined)
      throw usageError('Give either a log file or --dir, not both');
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

function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return escapeForTerminal(
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file,
  );
}
