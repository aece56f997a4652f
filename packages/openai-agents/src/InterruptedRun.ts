import type { Runtime } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import type { RunContext, RunState, RunToolApprovalItem } from '@openai/agents';
import { approvalLinks, type ApprovalLink } from './ApprovalLinks.js';

/**
 * A run the Agents SDK interrupted for approvals: what `run()` returns (`RunResult` or
 * `StreamedRunResult`), of which Brane uses the state, the run context and the interruptions.
 */
export interface InterruptedRun {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any agent and context, as the SDK's own types
  readonly state: RunState<any, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly runContext: RunContext<any>;
  readonly interruptions: readonly RunToolApprovalItem[];
}

/**
 * The Brane approval behind `item`, an interruption of `run` made by a governed tool of `runtime` under the
 * identity it runs as now, or a typed error saying why there is none.
 *
 * @internal
 */
export function requireLink(
  runtime: Runtime,
  run: InterruptedRun,
  item: RunToolApprovalItem,
  where: string,
): ApprovalLink {
  requireRun(run, where);
  if (!run.interruptions.some((candidate) => sameCall(candidate, item))) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: the item is not one of the run's interruptions`);
  }
  const link = approvalLinks.forItem(run.runContext, item);
  if (link === undefined) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: the interruption of \`${item.name ?? '?'}\` was not asked for by Brane under the tenant and principal the runtime runs as now (call it under the identity of the run; an interruption Brane did not ask for is approved with \`run.state.approve(item)\`)`,
    );
  }
  if (link.runtime !== runtime) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: the interruption belongs to another Brane runtime`);
  }
  return link;
}

/**
 * Checks that `run` looks like an SDK run result.
 *
 * @internal
 */
export function requireRun(run: unknown, where: string): asserts run is InterruptedRun {
  const candidate = run as Partial<Record<keyof InterruptedRun, unknown>> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.state !== 'object' ||
    typeof candidate.runContext !== 'object' ||
    !Array.isArray(candidate.interruptions)
  ) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: expected the result of the SDK's run() (got ${describeValue(run)})`,
    );
  }
}

/** Whether two approval items are of the same tool call (the SDK hands out new item objects each time). */
function sameCall(a: RunToolApprovalItem, b: RunToolApprovalItem): boolean {
  if (a === b) return true;
  const [x, y] = [a.rawItem, b.rawItem];
  return x.type === 'function_call' && y.type === 'function_call' && x.callId === y.callId && x.name === y.name;
}
