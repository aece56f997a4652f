import type { Limit } from '@brane/decisions';
import type { LimitStore, Reservation } from '@brane/limits';
import type { AgentAction } from '../AgentAction.js';
import { callAsAction } from '../currentAction.js';
import { runSyncUntilAborted } from '../runSyncUntilAborted.js';

const NONE: readonly number[] = Object.freeze([]);
/** The longest delay a timer keeps: past it, `setInterval` fires every millisecond instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What a running action holds of its limits, until its body ends. Then `concurrent` slots are released
 * and, when the body failed (threw, rejected, was cancelled), the cost of each limit with `refundOnFailure`
 * is given back. While an async body runs, its slots' leases are renewed, so that only a process that
 * stopped (crashed) loses them.
 */
export class LimitHold {
  readonly #store: LimitStore;
  readonly #reservation: Reservation;
  #renewal: ReturnType<typeof setInterval> | undefined;
  #done = false;

  constructor(store: LimitStore, reservation: Reservation) {
    this.#store = store;
    this.#reservation = reservation;
  }

  /**
   * Runs `body`, and ends the hold when it ends: at once for a value or a throw, when it settles for a
   * promise (renewing the leases of `concurrent` slots meanwhile).
   */
  run(body: () => unknown): unknown {
    let output: unknown;
    try {
      output = body();
    } catch (error) {
      settle(this.end(true));
      throw error;
    }
    return this.#ended(output);
  }

  /**
   * {@link run} for a synchronous capability's body: `fn` called as `action`, without a closure per call. `signal`: the
   * request's; a promise the body returns is then given up when it aborts (see {@link runSyncUntilAborted}).
   */
  runSync(
    action: AgentAction,
    fn: (...args: unknown[]) => unknown,
    receiver: unknown,
    args: readonly unknown[],
    signal?: AbortSignal,
  ): unknown {
    let output: unknown;
    try {
      output =
        signal === undefined
          ? callAsAction(action, fn, receiver, args)
          : runSyncUntilAborted(action, signal, fn, receiver, args);
    } catch (error) {
      settle(this.end(true));
      throw error;
    }
    return this.#ended(output);
  }

  /** Ends the hold for a body's output: now for a value, when it settles for a promise. */
  #ended(output: unknown): unknown {
    if (!isPromiseLike(output)) {
      settle(this.end(false));
      return output;
    }
    this.renewWhileHeld();
    return Promise.resolve(output).then(
      async (value) => {
        await this.end(false);
        return value;
      },
      async (error: unknown) => {
        await this.end(true);
        throw error;
      },
    );
  }

  /** Gives everything back: the body never ran (the audit trail refused the action). */
  cancel(): void | Promise<void> {
    return this.#release(this.#reservation.limits.map((_, i) => i));
  }

  /** Ends the hold once: releases `concurrent` slots, and refunds what `refundOnFailure` gives back when `failed`. */
  end(failed: boolean): void | Promise<void> {
    if (this.#done) return;
    const limits = this.#reservation.limits;
    let indices: number[] | undefined;
    for (let i = 0; i < limits.length; i++) {
      const limit = limits[i] as Limit;
      if (limit.kind === 'concurrent' || (failed && limit.refundOnFailure)) (indices ??= []).push(i);
    }
    return this.#release(indices ?? NONE);
  }

  #release(indices: readonly number[]): void | Promise<void> {
    if (this.#done) return;
    this.#done = true;
    if (this.#renewal !== undefined) clearInterval(this.#renewal);
    if (indices.length === 0) return;
    try {
      const released = this.#store.release(this.#reservation, indices);
      // A release that fails is not the caller's error: a slot's lease runs out, an unrefunded cost stays counted.
      if (released instanceof Promise) return released.catch(() => undefined);
    } catch {
      // As above.
    }
  }

  /**
   * Renews the leases of the `concurrent` slots every third of the shortest, until the hold ends: for a body that
   * runs on after {@link run} returns (a promise), or that is not run through it (a stream). `idleSince`: since when
   * the holder has been waiting on someone who may never come back (a stream's consumer that neither reads nor
   * closes it), in epoch ms, or `undefined` while it works; once idle for a whole lease, renewals stop and the
   * slots lapse a lease after the last one (within two leases of going idle), as a crashed process's do.
   */
  renewWhileHeld(idleSince?: () => number | undefined): void {
    if (this.#done || this.#renewal !== undefined) return;
    let lease = Infinity;
    for (const limit of this.#reservation.limits)
      if (limit.leaseMs !== undefined) lease = Math.min(lease, limit.leaseMs);
    if (lease === Infinity) return;
    this.#renewal = setInterval(
      () => {
        const idle = idleSince?.();
        if (idle !== undefined && Date.now() - idle >= lease) return;
        try {
          settle(this.#store.renew(this.#reservation));
        } catch {
          // The next renewal tries again; the lease bounds what a failed one costs.
        }
      },
      Math.min(MAX_TIMER_MS, Math.max(50, Math.floor(lease / 3))),
    );
    this.#renewal.unref();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function settle(result: void | Promise<void>): void {
  if (result instanceof Promise) result.catch(() => undefined);
}
