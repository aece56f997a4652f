import type { ApprovalRecord, ApprovalState } from '@brane/approvals';
import { boundText } from '@brane/errors';
import { formatTable } from './formatTable.js';

const JSON_ROWS: ReadonlySet<string> = new Set(['args', 'context']);

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
 * Everything about one approval, for people: the call, who asked and why, the decision, the execution, and the
 * withdrawal of a request whose call was abandoned.
 */
export function formatApproval(view: ApprovalView): string {
  const { request, decision, execution } = view;
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
    ['args', indentedJson(view.args)],
    ['context', indentedJson(request.context)],
    ['decision', decision === undefined ? '-' : `${decision.outcome} by ${decision.by} at ${decision.at}`],
  ];
  if (decision?.comment !== undefined) rows.push(['comment', decision.comment]);
  const { withdrawal } = view;
  if (withdrawal !== undefined) rows.push(['withdrawn', `at ${withdrawal.at}: ${withdrawal.reason}`]);
  if (execution !== undefined) {
    const ended = execution.completedAt === undefined ? 'not completed' : `completed at ${execution.completedAt}`;
    rows.push([
      'execution',
      `claimed at ${execution.claimedAt}, ${ended}${execution.outcome ? `: ${execution.outcome}` : ''}`,
    ]);
    if (execution.error !== undefined) rows.push(['error', execution.error]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  // A record's texts are bounded when stored; one written by an older version or another writer may not be. The
  // arguments and context are data the approver decides on, shown whole.
  const shown = (label: string, value: string): string => (JSON_ROWS.has(label) ? value : boundText(value));
  return [
    `Approval ${view.id}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${shown(label, value)}`),
  ].join('\n');
}

/** `value` as JSON on one line when short, else indented under its label. */
function indentedJson(value: unknown): string {
  const compact = JSON.stringify(value) ?? 'undefined';
  if (compact.length <= 80) return compact;
  return `\n${JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}`;
}
