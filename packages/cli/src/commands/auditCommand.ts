import { promises as fs } from 'node:fs';
import {
  AUDIT_EVENT_TYPES,
  auditStats,
  streamAuditEvents,
  tailAuditEvents,
  type AuditEvent,
  type AuditEventFilter,
} from '@brane/audit';
import { escapeForTerminal } from '@brane/errors';
import type { PostgresAuditFilter } from '@brane/postgres';
import { Command, Option } from 'commander';
import { approvalLocation } from '../approvalLocation.js';
import { CliError, usageError } from '../CliError.js';
import type { CliIo } from '../CliIo.js';
import { commandAction } from '../commandAction.js';
import { helpWhenBare } from '../helpWhenBare.js';
import { formatAuditEvents } from '../formatAuditEvent.js';
import { formatAuditStats } from '../formatAuditStats.js';
import { withAuditLog } from '../openAuditLog.js';
import { isoTime, positiveInteger } from '../optionParsers.js';
import { terminalLines, type Output } from '../output.js';
import { eventJson, printableEvent } from '../printableEvent.js';
import { verifyCommand } from './verifyCommand.js';

/** The default log directory: where the runtime's `JsonlFileSink` writes by default. */
export const DEFAULT_AUDIT_DIRECTORY = '.brane/audit';

interface FilterOptions {
  readonly dir?: string;
  readonly store?: string;
  readonly schema?: string;
  readonly principal?: string;
  readonly action?: string;
  readonly outcome?: string;
  readonly capability?: string;
  readonly type?: string;
  readonly decision?: string;
  readonly tenant?: string;
  readonly since?: string;
  readonly until?: string;
}

/**
 * `brane audit tail|query|verify|stats`: read, search, count and verify the audit trail: the JSONL logs of a directory,
 * or the table of a PostgreSQL database (`--store postgres://…`, or `BRANE_DATABASE_URL`).
 */
export function auditCommand(io: CliIo): Command {
  return helpWhenBare(
    new Command('audit')
      .description('read, search, count and verify the audit logs')
      .addCommand(tailCommand(io))
      .addCommand(queryCommand(io))
      .addCommand(verifyCommand(io))
      .addCommand(statsCommand(io)),
    io,
  );
}

function tailCommand(io: CliIo): Command {
  const command = withFilters(new Command('tail'))
    .description('print the last events of the audit logs, oldest first')
    .option('-n, --lines <count>', 'how many events', positiveInteger, 20);
  return commandAction<FilterOptions & { readonly lines: number }>(command, io, async ({ options, output }) => {
    const location = approvalLocation(options, io, DEFAULT_AUDIT_DIRECTORY);
    if (location.kind === 'postgres') {
      await withAuditLog(location.url, location.schema, async ({ log, where, json }) => {
        const events = await log.tail(Math.min(options.lines, 10_000), postgresFilterOf(options));
        output.result({ ...json, events: events.map(printableEvent) }, () =>
          events.length === 0 ? `No events in ${escapeForTerminal(where)}` : formatAuditEvents(events),
        );
      });
      return;
    }
    const directory = await logDirectory(location.directory, options);
    const events = await tailAuditEvents(directory, options.lines, filterOf(options));
    output.result({ directory, events: events.map(printableEvent) }, () =>
      events.length === 0 ? `No events in ${escapeForTerminal(directory)}` : formatAuditEvents(events),
    );
  });
}

function queryCommand(io: CliIo): Command {
  const command = withFilters(new Command('query'))
    .description('print the events matching every filter given, in log order')
    .option('--limit <count>', 'stop after this many events', positiveInteger);
  return commandAction<FilterOptions & { readonly limit?: number }>(command, io, async ({ options, output }) => {
    const location = approvalLocation(options, io, DEFAULT_AUDIT_DIRECTORY);
    if (location.kind === 'postgres') {
      await withAuditLog(location.url, location.schema, async ({ log, where, json }) => {
        const events = await log.query({ ...postgresFilterOf(options), limit: options.limit });
        output.result({ ...json, events: events.map(printableEvent) }, () =>
          events.length === 0 ? `No matching events in ${escapeForTerminal(where)}` : formatAuditEvents(events),
        );
      });
      return;
    }
    const directory = await logDirectory(location.directory, options);
    const events = streamAuditEvents(directory, { ...filterOf(options), limit: options.limit });
    await printStreamed(io, output, directory, events);
  });
}

/** Events printed per page: a query over a log of any size holds one page at a time. */
const PAGE_SIZE = 1_000;

/**
 * Prints `events` as they are read, a page at a time: with `--json`, the same document as `output.result` would
 * (`{ directory, events }`, an event JSON cannot write as a `MalformedEvent`), written piece by piece; as text, a
 * table per page (the first with its header).
 */
async function printStreamed(
  io: CliIo,
  output: Output,
  directory: string,
  events: AsyncIterable<AuditEvent>,
): Promise<void> {
  let page: AuditEvent[] = [];
  let printed = 0;
  const flush = async (): Promise<void> => {
    if (page.length === 0) return;
    if (output.json) {
      const items = page.map((event) => eventJson(event, 2).replace(/\n/g, '\n    '));
      io.stdout(
        `${printed === 0 ? `{\n  "directory": ${JSON.stringify(directory)},\n  "events": [` : ','}\n    ${items.join(',\n    ')}`,
      );
    } else {
      const table = formatAuditEvents(page);
      io.stdout(`${terminalLines(printed === 0 ? table : table.slice(table.indexOf('\n') + 1))}\n`);
    }
    printed += page.length;
    page = [];
    await io.drain?.();
  };
  for await (const event of events) if (page.push(event) >= PAGE_SIZE) await flush();
  await flush();
  if (printed > 0) {
    if (output.json) io.stdout('\n  ]\n}\n');
    return;
  }
  output.result({ directory, events: [] }, () => `No matching events in ${escapeForTerminal(directory)}`);
}

function statsCommand(io: CliIo): Command {
  const command = withFilters(new Command('stats')).description(
    'count the events of the audit logs: by type, by outcome, and actions by capability',
  );
  return commandAction<FilterOptions>(command, io, async ({ options, output }) => {
    const location = approvalLocation(options, io, DEFAULT_AUDIT_DIRECTORY);
    if (location.kind === 'postgres') {
      await withAuditLog(location.url, location.schema, async ({ log, json }) => {
        const stats = await log.stats(postgresFilterOf(options));
        output.result({ ...json, ...stats }, () => formatAuditStats(stats));
      });
      return;
    }
    const directory = await logDirectory(location.directory, options);
    const stats = await auditStats(directory, filterOf(options));
    output.result({ directory, ...stats }, () => formatAuditStats(stats));
  });
}

/** Adds `--dir`, `--store`, `--schema` and the filters every reading command takes. */
function withFilters(command: Command): Command {
  return command
    .option('--dir <path>', `the audit log directory (default: ${DEFAULT_AUDIT_DIRECTORY})`)
    .option('--store <url>', 'a PostgreSQL audit trail, postgres://… (default: BRANE_DATABASE_URL)')
    .option('--schema <name>', 'the schema of the PostgreSQL audit trail (default: brane)')
    .option('--capability <name>', 'only events of this capability')
    .addOption(new Option('--type <type>', 'only events of this type').choices(AUDIT_EVENT_TYPES))
    .option(
      '--decision <type>',
      'only decisions of this type (deny, allow, ...) or completed actions with this outcome (denied, ...)',
    )
    .option('--tenant <id>', 'only events of this tenant')
    .option('--since <time>', 'only events at or after this ISO 8601 time', isoTime)
    .option('--until <time>', 'only events before this ISO 8601 time', isoTime)
    .option('--principal <id>', 'only events of this principal (with --store)')
    .option('--action <id>', 'only events of this action id (with --store)')
    .option('--outcome <outcome>', 'only action records with this outcome: allowed, denied, ... (with --store)');
}

/** The filters given, for a PostgreSQL audit trail: those of a JSONL log, and principal, action and outcome. */
function postgresFilterOf(options: FilterOptions): PostgresAuditFilter {
  return {
    ...filterOf(options),
    principalId: options.principal,
    actionId: options.action,
    outcome: options.outcome,
  };
}

/** The filters given; `--since` must come before `--until`. */
function filterOf(options: FilterOptions): AuditEventFilter {
  if (options.since !== undefined && options.until !== undefined && options.since >= options.until) {
    throw usageError(`--since (${options.since}) must be before --until (${options.until})`);
  }
  return {
    capability: options.capability,
    type: options.type,
    decision: options.decision,
    tenantId: options.tenant,
    since: options.since,
    until: options.until,
  };
}

/** `directory`, once it is known to be a directory; the filters only a database has are refused. */
async function logDirectory(directory: string, options: FilterOptions): Promise<string> {
  const only = (['principal', 'action', 'outcome'] as const).find((name) => options[name] !== undefined);
  if (only !== undefined) throw usageError(`--${only} filters a PostgreSQL audit trail: add --store.`);
  const stat = await fs.stat(directory).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) {
    throw new CliError(
      'NO_AUDIT_LOG',
      `No audit log directory at ${directory} (pass --dir, or configure the runtime's JSONL audit sink)`,
    );
  }
  return directory;
}
