import { AsyncLocalStorage } from 'node:async_hooks';
import type { AgentAction } from './AgentAction.js';

/**
 * Which action is executing, so that a capability called from inside another becomes its child.
 *
 * Synchronous capabilities set a plain variable for the duration of their body: cheaper than
 * `AsyncLocalStorage.run`, and exact, because no other code can run until a synchronous body returns.
 * Async capabilities run their body inside `AsyncLocalStorage`, which follows their awaits; the variable is
 * empty whenever a continuation runs (continuations only run on an empty stack), so the store answers then.
 */
const store = new AsyncLocalStorage<AgentAction>();
let executing: AgentAction | undefined;
/** Until an async body has run, the store is empty everywhere, and reading it can be skipped. */
let storeUsed = false;

/** The action whose capability body is running now, if any. */
export function currentAction(): AgentAction | undefined {
  return executing ?? (storeUsed ? store.getStore() : undefined);
}

/** Marks `action` as executing for a synchronous body; returns what to restore with {@link exitAction}. */
export function enterAction(action: AgentAction): AgentAction | undefined {
  const previous = executing;
  executing = action;
  return previous;
}

/** Restores the executing action after a synchronous body. */
export function exitAction(previous: AgentAction | undefined): void {
  executing = previous;
}

/** Calls a synchronous capability's body as `action`: nested calls it makes become the action's children. */
export function callAsAction(
  action: AgentAction,
  body: (...args: unknown[]) => unknown,
  receiver: unknown,
  args: readonly unknown[],
): unknown {
  const previous = enterAction(action);
  try {
    return body.apply(receiver, args as unknown[]);
  } finally {
    exitAction(previous);
  }
}

/** Calls an async capability's body as `action`: the action stays current across the body's awaits. */
export function runAsAction(
  action: AgentAction,
  body: (...args: unknown[]) => unknown,
  receiver: unknown,
  args: readonly unknown[],
): unknown {
  const previous = enterAction(action);
  storeUsed = true;
  try {
    return store.run(action, () => body.apply(receiver, args as unknown[]));
  } finally {
    exitAction(previous);
  }
}
