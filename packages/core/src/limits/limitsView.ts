import { BraneError } from '@brane/errors';
import type { LimitStore } from '@brane/limits';
import type { LimitsView } from '@brane/policy-engine';

/** The `ctx.limits` of a runtime whose limits are counted in `store`. */
export function limitsView(store: LimitStore): LimitsView {
  return Object.freeze({
    async remaining(key: string): Promise<number | undefined> {
      return (await store.usage(key))?.remaining;
    },
    remainingSync(key: string): number | undefined {
      if (!store.synchronous) {
        throw new BraneError(
          'INVALID_ARGUMENT',
          'ctx.limits.remainingSync: the runtime counts limits in a remote store; use `await ctx.limits.remaining(key)` in an async policy',
        );
      }
      return store.usage(key)?.remaining;
    },
  });
}
