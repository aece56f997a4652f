import type { Limit } from '@brane/decisions';

/** What one limit of a granted reservation used, and what it left. */
export interface LimitGrant {
  readonly key: string;
  readonly cost: number;
  readonly max: number;
  /** What remained of `max` once this reservation was made. */
  readonly remaining: number;
}

/** A granted reservation: every limit of the action, reserved at once. Handed back to release or renew it. */
export interface Reservation {
  /** The action's id: each store entry of this reservation is named after it. */
  readonly id: string;
  readonly limits: readonly Limit[];
  readonly grants: readonly LimitGrant[];
  /** The store's clock when it reserved, in milliseconds since the epoch. */
  readonly at: number;
  /**
   * What tells this reservation's entries from those of a later one under the same id, in a store that names its
   * entries by id (Redis, PostgreSQL: a random nonce stored with each entry, so that release and renew touch only
   * entries carrying it). A store that keeps the reservation object itself needs none (memory).
   */
  readonly token?: string;
}

/** Why a reservation was refused: the first limit without room. Nothing was reserved. */
export interface LimitRefusal {
  readonly limit: Limit;
  /** What remains of `limit.max` right now. */
  readonly remaining: number;
  /**
   * When enough frees up for this call's cost, by the store's clock; `undefined` when it cannot be known (a
   * `concurrent` slot frees when a running call ends) or never comes (the cost alone exceeds `max`).
   */
  readonly retryAfterMs: number | undefined;
}

/** What a reservation attempt returns: the reservation, or the refusal. */
export type ReservationResult =
  | { readonly granted: true; readonly reservation: Reservation }
  | { readonly granted: false; readonly refusal: LimitRefusal };

/** What a key has used, by the store's clock, against the `max` of the last limit that reserved it. */
export interface LimitUsage {
  readonly key: string;
  readonly used: number;
  readonly max: number;
  readonly remaining: number;
}

/**
 * Where limits are counted, answering synchronously (in memory): synchronous capabilities can use it.
 * `reserve` checks every limit and reserves all of them, or none, atomically with respect to every other
 * caller of the store. Windows slide, by the store's own clock: an entry counts until `windowMs` after it
 * was reserved (a `concurrent` slot, until it is released or its lease runs out).
 *
 * An id names one reservation at a time: while a reservation under `id` still holds something under a key (a cost
 * in its window, a slot neither released nor lapsed), a `reserve` under the same `id` that names that key throws
 * `BraneError` `INVALID_ARGUMENT` (`idInUse`), reserving nothing. It is the caller's misuse, not a lack of room: a
 * refusal (`granted: false`) would name a limit without room and when it frees (an HTTP 429 with `Retry-After`), and
 * a store failure (`LIMIT_STORE_FAILED`) may fail open; the runtime denies it whatever `onStoreError` says. An id
 * that is not 1 to 256 characters without control characters or lone surrogates throws the same
 * (`checkReservationId`): the stores could not keep such ids apart. Once everything it held was given back, an id
 * may be used again. `release` and `renew` touch only what the reservation they are given holds, however often and
 * whenever they are called: releasing or renewing an old reservation after its id was used again leaves the new one's
 * entries alone (Redis and PostgreSQL tell them apart by the reservation's `token`).
 */
export interface SyncLimitStore {
  readonly synchronous: true;
  /** Reserves `limits` for action `id`, all or none; throws `INVALID_ARGUMENT` for an id in use or malformed. */
  reserve(id: string, limits: readonly Limit[]): ReservationResult;
  /** Gives back what `reservation` holds for the limits at `indices` (a concurrent slot, a refund). Idempotent. */
  release(reservation: Reservation, indices: readonly number[]): void;
  /** Extends the lease of the reservation's `concurrent` slots, from now, while its call still runs. */
  renew(reservation: Reservation): void;
  /**
   * What `key` has used; `undefined` when nothing is reserved under it now: every reservation of it expired, lapsed
   * or was given back (`release`). A reservation of cost 0 that still counts is `used: 0`.
   */
  usage(key: string): LimitUsage | undefined;
}

/**
 * A limit store that answers with promises, shared by a fleet (Redis, PostgreSQL): only async capabilities
 * can use it. The same contract as {@link SyncLimitStore}, atomic across every process that shares it.
 */
export interface AsyncLimitStore {
  readonly synchronous: false;
  /** Reserves `limits` for action `id`, all or none; rejects with `INVALID_ARGUMENT` for an id in use or malformed. */
  reserve(id: string, limits: readonly Limit[]): Promise<ReservationResult>;
  /** Gives back what `reservation` holds for the limits at `indices` (a concurrent slot, a refund). Idempotent. */
  release(reservation: Reservation, indices: readonly number[]): Promise<void>;
  /** Extends the lease of the reservation's `concurrent` slots, from now, while its call still runs. */
  renew(reservation: Reservation): Promise<void>;
  /** What `key` has used; `undefined` when nothing is reserved under it now (see {@link SyncLimitStore.usage}). */
  usage(key: string): Promise<LimitUsage | undefined>;
}

/** Where limits are counted: in memory (the default), or shared by a fleet (`@brane/redis`, `@brane/postgres`). */
export type LimitStore = SyncLimitStore | AsyncLimitStore;
