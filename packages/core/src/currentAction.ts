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

/** The action whose capability body is running now, if any. */
export function currentAction(): AgentAction | undefined {
  return executing ?? store.getStore();
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

/** Runs an async capability body as `action`, across its awaits. */
export function runAsAction<T>(action: AgentAction, body: () => T): T {
  const previous = enterAction(action);
  try {
    return store.run(action, body);
  } finally {
    exitAction(previous);
  }
}
