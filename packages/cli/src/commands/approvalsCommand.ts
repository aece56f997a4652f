import { APPROVAL_ID_PATTERN, type ApprovalRecord, type ApprovalService, type ApprovalState } from '@brane/approvals';
import { escapeForTerminal } from '@brane/errors';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIo } from '../CliIo.js';
import { commandAction } from '../commandAction.js';
import { helpWhenBare } from '../helpWhenBare.js';
import { formatApproval, formatApprovalList, type ApprovalView } from '../formatApproval.js';
import { approvalLocation, withStoreOptions, type StoreOptions } from '../approvalLocation.js';
import { CliError } from '../CliError.js';
import { openApprovals, type OpenedApprovals } from '../openApprovals.js';
import { nonBlank, positiveInteger } from '../optionParsers.js';

const STATES: readonly ApprovalState[] = [
  'pending',
  'approved',
  'rejected',
  'executing',
  'completed',
  'withdrawn',
  'expired',
];

interface ListOptions extends StoreOptions {
  readonly state?: ApprovalState;
  readonly capability?: string;
  readonly tenant?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

interface DecideOptions extends StoreOptions {
  readonly approver: string;
  readonly comment?: string;
}

/**
 * `brane approvals list|show|approve|reject`: the approvals in the embedded file store (`--dir`) or in PostgreSQL
 * (`--store postgres://…`, or `BRANE_DATABASE_URL`), verified with the key the runtime uses
 * (`BRANE_APPROVAL_SECRET`, else `<dir>/secret.key`).
 */
export function approvalsCommand(io: CliIo): Command {
  return helpWhenBare(
    new Command('approvals')
      .description('list, show, approve and reject approvals')
      .addCommand(listCommand(io))
      .addCommand(showCommand(io))
      .addCommand(decideCommand(io, 'approve'))
      .addCommand(decideCommand(io, 'reject')),
    io,
  );
}

function listCommand(io: CliIo): Command {
  const command = withStore(new Command('list'))
    .description('list approvals, oldest first')
    .addOption(new Option('--state <state>', 'only approvals in this state').choices(STATES))
    .option('--capability <name>', 'only approvals of this capability')
    .option('--tenant <id>', 'only approvals of this tenant')
    .option('--limit <count>', 'one page of at most this many approvals (then --cursor for the next)', positiveInteger)
    .option('--cursor <id>', 'the page after this approval id (printed at the end of a page)', approvalId);
  return commandAction<ListOptions>(command, io, async ({ options, output }) => {
    await using approvals = await openApprovals(approvalLocation(options, io), io);
    const { service, where: directory } = approvals;
    const filter = { state: options.state, capability: options.capability, tenantId: options.tenant };
    const paged = options.limit !== undefined || options.cursor !== undefined;
    const { records, nextCursor } = paged
      ? await service.page({ ...filter, limit: options.limit, cursor: options.cursor })
      : { records: await service.list(filter), nextCursor: undefined };
    const listed = records.map((record) => view(service, record));
    const next = paged ? { nextCursor: nextCursor ?? null } : {};
    output.result({ ...approvals.json, approvals: listed, ...next }, () => {
      const text =
        listed.length === 0
          ? `No ${options.state === undefined ? '' : `${options.state} `}approvals in ${escapeForTerminal(directory)}`
          : formatApprovalList(listed);
      return nextCursor === undefined ? text : `${text}\nMore: add --cursor ${nextCursor}`;
    });
  });
}

function showCommand(io: CliIo): Command {
  const command = withStore(new Command('show'))
    .description('show one approval: the call, its context, policies, decision and execution')
    .argument('<id>', 'the approval id', approvalId);
  return commandAction<StoreOptions>(command, io, async ({ options, args, output }) => {
    await using approvals = await openApprovals(approvalLocation(options, io), io);
    const { service } = approvals;
    const id = args[0] ?? '';
    const approval = view(service, await inStore(approvals, id, () => service.get(id)));
    output.result({ approval }, () => formatApproval(approval));
  });
}

/** `approve` or `reject`: the same command, with the other outcome. */
function decideCommand(io: CliIo, verb: 'approve' | 'reject'): Command {
  const command = withStore(new Command(verb))
    .description(
      `${verb} a pending approval${verb === 'approve' ? ': the runtime may then resume it, once' : ': its action will never run'}`,
    )
    .argument('<id>', 'the approval id', approvalId)
    .requiredOption('--approver <name>', 'who decides (recorded on the approval)', nonBlank)
    .option('--comment <text>', 'why (recorded on the approval)');
  return commandAction<DecideOptions>(command, io, async ({ options, args, output }) => {
    await using approvals = await openApprovals(approvalLocation(options, io), io);
    const { service } = approvals;
    const input = { approver: options.approver, comment: options.comment };
    const id = args[0] ?? '';
    const record = await inStore(approvals, id, () =>
      verb === 'approve' ? service.approve(id, input) : service.reject(id, input),
    );
    const approval = view(service, record);
    output.result({ approval }, () => {
      const who = escapeForTerminal(options.approver);
      const done = `${verb === 'approve' ? 'Approved' : 'Rejected'} ${approval.id} (${escapeForTerminal(approval.capability)}) as ${who}`;
      return verb === 'approve'
        ? `${done}; the runtime may now resume it, once.`
        : `${done}; its action will never run.`;
    });
  });
}

/**
 * Runs `action` on the approval `id`; a missing one fails naming the store looked in and how to look elsewhere (an
 * approval in another directory or database is the usual cause).
 */
async function inStore<T>(approvals: OpenedApprovals, id: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'APPROVAL_NOT_FOUND') throw error;
    throw new CliError(
      'APPROVAL_NOT_FOUND',
      `No approval ${id} in ${approvals.where} (pass --dir <path> or --store postgres://… to look in the store the runtime uses)`,
      { cause: error },
    );
  }
}

function withStore(command: Command): Command {
  return withStoreOptions(command);
}

function view(service: ApprovalService, record: ApprovalRecord): ApprovalView {
  return { ...record, state: service.state(record) };
}

/** Parses an approval id argument: what stores accept (`[0-9A-Za-z_-]`, 1 to 128 characters). */
function approvalId(value: string): string {
  if (!APPROVAL_ID_PATTERN.test(value)) {
    throw new InvalidArgumentError('Expected an approval id: 1 to 128 letters, digits, `_` or `-`.');
  }
  return value;
}
