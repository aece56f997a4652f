import type { ApprovalDecision, ApprovalRecord, ApprovalState } from '@brane/approvals';
import { boundText, escapeForTerminal } from '@brane/errors';
import { formatTable } from './formatTable.js';

/** An approval as the CLI prints it in JSON: the verified record, plus its `state` now (`expired` is derived). */
export type ApprovalView = ApprovalRecord & { readonly state: ApprovalState };

/** The approvals as a table: id, state, capability, tenant, requested, expires, reason. */
export function formatApprovalList(views: readonly ApprovalView[]): string {
  return formatTable(
    ['ID', 'STATE', 'CAPABILITY', 'TENANT', 'REQUESTED', 'EXPIRES', 'REASON'],
    views.map((view) => [
      view.id,
      view.state,
      view.capability,
      view.tenantId ?? '-',
      view.requestedAt,
      view.expiresAt,
      view.request.reason,
    ]),
  );
}

/**
 * Everything about one approval, for the person deciding it: the call, who asked and why, the decision and who
 * took it, the execution, the withdrawal of a request whose call was abandoned, and last, under their own header,
 * the arguments the approval is bound to, one per row.
 *
 * Nothing a policy, an agent or a store wrote can pass for something else: every value is escaped
 * (`escapeForTerminal`: no control character, ANSI escape or bidi control reaches the terminal) and stays on
 * its one row, texts are bounded (`boundText`), and the arguments come after everything else, so a reason that
 * quotes a forged `amount` row shows up as text inside the reason row, above the real arguments.
 */
export function formatApproval(view: ApprovalView): string {
  const { request, decision, execution, withdrawal } = view;
  const rows: [string, string][] = [
    ['state', view.state],
    ['capability', view.capability],
    ['tenant', view.tenantId ?? '-'],
    ['principal', view.principalId ?? '-'],
    ['agent', view.agentId ?? '-'],
    ['environment', view.environment],
    ['action', `${view.actionId} (trace ${view.traceId})`],
    ['requested', view.requestedAt],
    ['expires', view.expiresAt],
    [
      'policies',
      view.policies.map((ref) => (ref.version === undefined ? ref.name : `${ref.name}@${ref.version}`)).join(', '),
    ],
    [
      'approvers',
      `${request.approverGroups.join(', ') || '-'}${request.distinctApprover ? ' (not the principal)' : ''}`,
    ],
    ['reason', request.reason || '-'],
    ['context', compactJson(request.context)],
    ['decision', decision === undefined ? '-' : `${decision.outcome} at ${decision.at}`],
  ];
  if (decision !== undefined) rows.push(['approver', approverText(decision)]);
  if (decision?.comment !== undefined) rows.push(['comment', decision.comment]);
  if (withdrawal !== undefined) rows.push(['withdrawn', `at ${withdrawal.at}: ${withdrawal.reason}`]);
  if (execution !== undefined) {
    const ended = execution.completedAt === undefined ? 'not completed' : `completed at ${execution.completedAt}`;
    rows.push([
      'execution',
      `claimed at ${execution.claimedAt}, ${ended}${execution.outcome ? `: ${execution.outcome}` : ''}`,
    ]);
    if (execution.error !== undefined) rows.push(['error', execution.error]);
  }
  // A record's texts are bounded when stored; one written by an older version or another writer may not be.
  const details = labelled(rows.map(([label, value]) => [label, boundText(value)]));
  return [`Approval ${escapeForTerminal(view.id)}`, ...details, '', ...formatArguments(view)].join('\n');
}

/**
 * The arguments the approval is bound to: a header naming how many and what approving runs, then one row per
 * argument, its name and its value as JSON, whole (the approver decides on them).
 */
function formatArguments(view: ApprovalView): string[] {
  const entries = Object.entries(view.args);
  const count = `${entries.length} argument${entries.length === 1 ? '' : 's'}`;
  const header = `Arguments (${count}): approving runs ${escapeForTerminal(view.capability)} with exactly these`;
  if (entries.length === 0) return [header, '  (none)'];
  return [header, ...labelled(entries.map(([name, value]) => [name, compactJson(value)]))];
}

/** Rows as `  label  value`, labels padded to one width, both escaped: one row each, whatever they hold. */
function labelled(rows: readonly (readonly [string, string])[]): string[] {
  const escaped = rows.map(([label, value]) => [escapeForTerminal(label), escapeForTerminal(value)] as const);
  const width = Math.max(...escaped.map(([label]) => label.length));
  return escaped.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}

/**
 * Who decided: the name typed with `--approver` (anyone can type any name), or the identity the application
 * vouched for, how it authenticated them, and the groups through which they could decide.
 */
function approverText(decision: ApprovalDecision): string {
  // Records decided before `authenticated` existed lack it: they were typed names.
  if (!decision.authenticated) return `${decision.by} (a name typed by the operator, not authenticated)`;
  const how = decision.authenticatedBy === undefined ? 'authenticated' : `authenticated by ${decision.authenticatedBy}`;
  const groups = decision.groups.length === 0 ? 'no group required' : `groups ${decision.groups.join(', ')}`;
  return `${decision.by} (${how}; ${groups})`;
}

/** `value` as JSON on one line. */
function compactJson(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}
