import { compileFilter, type AuditEventFilter } from './read/AuditEventFilter.js';
import { readAuditRecords } from './readAuditLog.js';

/** Counts over the events of audit logs. */
export interface AuditStats {
  readonly events: number;
  /**
   * Actions: completed action records (one per action; a `decided` record is not counted again), and distinct
   * `actionId`s of version 1 step events. Counting holds nothing per version 2 record, so a log of any size is
   * counted in constant memory.
   */
  readonly actions: number;
  /** Events by type. */
  readonly byType: Record<string, number>;
  /** Completed actions by `outcome` (action records, and `action.completed` events of version 1 logs). */
  readonly byOutcome: Record<string, number>;
  /** Distinct actions by capability. */
  readonly byCapability: Record<string, number>;
}

/**
 * Counts the events of audit logs that match `filter`: by type, by outcome, and actions by capability.
 *
 * @example
 * const { byOutcome } = await auditStats('.brane/audit', { tenantId: 'acme' }); // { allowed: 41, denied: 3 }
 */
export async function auditStats(pathOrDirectory: string, filter: AuditEventFilter = {}): Promise<AuditStats> {
  const matches = compileFilter(filter, 'auditStats');
  /** Action ids of version 1 events, whose actions span several events; a version 2 action is its record. */
  const stepActions = new Set<string>();
  let actions = 0;
  const byType = new Map<string, number>();
  const byOutcome = new Map<string, number>();
  const byCapability = new Map<string, number>();
  let events = 0;
  for await (const { event } of readAuditRecords(pathOrDirectory)) {
    if (!matches(event)) continue;
    events += 1;
    increment(byType, event.type);
    if (event.type === 'action.completed' || (event.type === 'action' && event.outcome !== undefined)) {
      increment(byOutcome, event.outcome ?? 'unknown');
    }
    const newAction =
      event.type === 'action'
        ? event.phase !== 'decided'
        : !event.type.startsWith('approval.') && !stepActions.has(event.actionId) && stepActions.add(event.actionId);
    if (newAction) {
      actions += 1;
      increment(byCapability, event.capability);
    }
  }
  const record = (counts: Map<string, number>): Record<string, number> => Object.fromEntries(counts);
  return { events, actions, byType: record(byType), byOutcome: record(byOutcome), byCapability: record(byCapability) };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
