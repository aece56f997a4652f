import type { AgentAction } from './AgentAction.js';

/**
 * Runs an async capability's body until the request's `signal` aborts (`withContext({ signal })`: the caller went
 * away). The body gets it in `action.signal` (with any sandbox time limit's), and the call is rejected with its reason
 * at once, whatever the body does afterwards, so that what the call holds (its `concurrent` slots) is given back:
 * Brane cannot stop JavaScript that ignores its signal, but it never waits for it or returns its result. A signal
 * that already aborted runs nothing.
 */
export function runUntilAborted(action: AgentAction, signal: AbortSignal, body: () => unknown): Promise<unknown> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  const own = action.signal;
  action.enforce({ signal: own === undefined ? signal : AbortSignal.any([own, signal]) });
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', abort, { once: true });
    new Promise((settle) => {
      settle(body());
    })
      .then(resolve, reject)
      .finally(() => {
        signal.removeEventListener('abort', abort);
      });
  });
}
