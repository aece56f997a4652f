import type { Limit } from '@brane/decisions';
import type { LimitRefusal } from './LimitStore.js';

/** The refusal for `limit` when `used` is already reserved and what is reserved frees up in `freesInMs`. */
export function refusalFor(limit: Limit, used: number, freesInMs: number | undefined): LimitRefusal {
  return {
    limit,
    remaining: Math.max(0, limit.max - used),
    // A cost above `max` never fits, however long one waits.
    retryAfterMs: limit.cost > limit.max ? undefined : freesInMs,
  };
}
