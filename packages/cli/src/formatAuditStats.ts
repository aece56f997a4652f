import type { AuditStats } from '@brane/audit';
import { escapeForTerminal } from '@brane/errors';

/**
 * Audit statistics for people: the totals, then the counts by type, by outcome and by capability, largest first.
 * Every key is escaped (`escapeForTerminal`): a capability name in a log is data, and stays on its row.
 *
 * @example
 * formatAuditStats(stats) // 'Events   12 in 3 actions\n\nBy type\n  action.created  3\n...'
 */
export function formatAuditStats(stats: AuditStats): string {
  return [
    `${stats.events} event${stats.events === 1 ? '' : 's'} in ${stats.actions} action${stats.actions === 1 ? '' : 's'}`,
    section('By type', stats.byType),
    section('By outcome (completed actions)', stats.byOutcome),
    section('By capability (actions)', stats.byCapability),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function section(title: string, counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => [escapeForTerminal(key), count] as const);
  if (entries.length === 0) return '';
  // A loop, not `Math.max(...)`: a log may hold more names than a call takes arguments.
  let width = 0;
  let digits = 0;
  for (const [key, count] of entries) {
    width = Math.max(width, key.length);
    digits = Math.max(digits, String(count).length);
  }
  return [title, ...entries.map(([key, count]) => `  ${key.padEnd(width)}  ${String(count).padStart(digits)}`)].join(
    '\n',
  );
}
