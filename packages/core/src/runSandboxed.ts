import { SandboxTimeoutError } from '@brane/errors';
import type { AgentAction } from './AgentAction.js';

/**
 * Runs an async capability's body under a time limit. The body gets an `AbortSignal` (`action.signal`)
 * that is aborted with a {@link SandboxTimeoutError} when time runs out, and the call is rejected with that
 * error at once, whatever the body does afterwards: Brane cannot stop JavaScript that ignores its signal,
 * but it never waits for it or returns its result.
 */
export function runSandboxed(action: AgentAction, timeoutMs: number, body: () => unknown): Promise<unknown> {
  const controller = new AbortController();
  action.enforce({ signal: controller.signal });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new SandboxTimeoutError({
        capability: action.capability.name,
        actionId: action.actionId,
        timeoutMs,
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    new Promise((settle) => {
      settle(body());
    })
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer);
      });
  });
}
