import { isPlainObject } from '@brane/decisions';
import type { ApprovalInterrupt } from './ApprovalInterrupt.js';
import type { PendingApproval } from './PendingApproval.js';

/** An approval a paused graph waits on, with the id of its interrupt (to resume several at once by id). */
export interface PendingApprovalInterrupt {
  /** The LangGraph interrupt id: `new Command({ resume: { [interruptId]: answer } })`. */
  readonly interruptId: string | undefined;
  readonly approval: PendingApproval;
  /** Why the graph asks again, when a previous answer could not be used. */
  readonly problem: string | undefined;
}

/**
 * The Brane approvals a paused graph waits on, from what `graph.invoke` returned (its `__interrupt__`),
 * from `await graph.getState(config)` (its tasks' interrupts), or from a list of interrupts. Interrupts
 * that are not Brane's are left out.
 *
 * @example
 * const result = await graph.invoke(input, config);
 * for (const { approval } of pendingApprovals(result)) notify(approval.approverGroups, approval);
 */
export function pendingApprovals(source: unknown): PendingApprovalInterrupt[] {
  const found: PendingApprovalInterrupt[] = [];
  for (const entry of interruptsOf(source)) {
    if (!isPlainObject(entry) || !isApprovalInterrupt(entry['value'])) continue;
    const { problem, ...approval } = entry['value'].brane;
    const id = entry['id'];
    found.push({ interruptId: typeof id === 'string' ? id : undefined, approval, problem });
  }
  return found;
}

function interruptsOf(source: unknown): readonly unknown[] {
  if (Array.isArray(source)) return source;
  if (typeof source !== 'object' || source === null) return [];
  const { __interrupt__: interrupts, tasks } = source as { __interrupt__?: unknown; tasks?: unknown };
  if (Array.isArray(interrupts)) return interrupts;
  if (!Array.isArray(tasks)) return [];
  return tasks.flatMap((task: unknown) => {
    const inner = (task as { interrupts?: unknown } | null)?.interrupts;
    return Array.isArray(inner) ? (inner as unknown[]) : [];
  });
}

function isApprovalInterrupt(value: unknown): value is ApprovalInterrupt {
  if (!isPlainObject(value) || !isPlainObject(value['brane'])) return false;
  const brane = value['brane'];
  return typeof brane['approvalId'] === 'string' && typeof brane['capability'] === 'string';
}
