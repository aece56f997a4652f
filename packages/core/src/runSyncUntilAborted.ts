import { isThenable } from '@brane/policy-engine';
import type { AgentAction } from './AgentAction.js';
import { callAsAction } from './currentAction.js';

/**
 * Runs a synchronous capability's body that holds limits until the request's `signal` aborts, as
 * {@link runUntilAborted} does an async one's. The body gets the signal in `action.signal`; when it returns a promise
 * (a plain function that returns one), the call is rejected with the signal's reason once it aborts, whatever the
 * promise does afterwards, so that what the call holds (its `concurrent` slots) is given back. A value or a throw is
 * returned or thrown as it is. A signal that already aborted runs nothing: the call throws its reason.
 */
export function runSyncUntilAborted(
  action: AgentAction,
  signal: AbortSignal,
  fn: (...args: unknown[]) => unknown,
  receiver: unknown,
  args: readonly unknown[],
): unknown {
  if (signal.aborted) throw signal.reason as Error;
  const own = action.signal;
  action.enforce({ signal: own === undefined ? signal : AbortSignal.any([own, signal]) });
  const output = callAsAction(action, fn, receiver, args);
  if (!isThenable(output)) return output;
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      reject(signal.reason as Error);
    };
    if (signal.aborted)
      abort(); // by the body itself: no event is coming
    else signal.addEventListener('abort', abort, { once: true });
    Promise.resolve(output)
      .then(resolve, reject)
      .finally(() => {
        signal.removeEventListener('abort', abort);
      });
  });
}
