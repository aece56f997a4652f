import type { Limit } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import { checkReservationId } from './checkReservationId.js';
import { idInUse } from './idInUse.js';
import { LimitLedger } from './LimitLedger.js';
import type {
  LimitGrant,
  LimitRefusal,
  LimitUsage,
  Reservation,
  ReservationResult,
  SyncLimitStore,
} from './LimitStore.js';
import { refusalFor } from './refusalFor.js';

/** What {@link InMemoryLimitStore} is built from. */
export interface InMemoryLimitStoreOptions {
  /** The store's clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * What {@link InMemoryLimitStore.reserve} reserves for: the action's id, or the action itself, whose id is then
 * read only when the reservation's `id` is (nothing in this store needs it: a call that never reads it makes none).
 */
export type InMemoryReservationOwner = string | { readonly actionId: string };

/** The id of `owner`. */
function idOf(owner: InMemoryReservationOwner): string {
  return typeof owner === 'string' ? owner : owner.actionId;
}

/** A reservation of this store: when each of its limits expires in its ledger, and whether it was given back. */
class HeldReservation implements Reservation {
  readonly released: boolean[];
  readonly #owner: InMemoryReservationOwner;
  constructor(
    owner: InMemoryReservationOwner,
    readonly limits: readonly Limit[],
    readonly grants: readonly LimitGrant[],
    readonly at: number,
    readonly expiresAt: number[],
  ) {
    this.#owner = owner;
    this.released = limits.map(() => false);
  }

  get id(): string {
    return idOf(this.#owner);
  }
}

/**
 * A reservation of one limit, the common case, made without any other object: it is its own granted result
 * (`granted`, `reservation`), and its grant is made only when read (an audit trail reads it).
 */
class OneReservation implements Reservation {
  readonly granted = true;
  released = false;
  readonly #owner: InMemoryReservationOwner;
  #grants: readonly LimitGrant[] | undefined;
  constructor(
    owner: InMemoryReservationOwner,
    readonly limits: readonly Limit[],
    readonly limit: Limit,
    readonly at: number,
    public expiresAt: number,
    /** What remained of the limit's `max` once this was reserved. */
    readonly remaining: number,
  ) {
    this.#owner = owner;
  }

  get id(): string {
    return idOf(this.#owner);
  }

  get reservation(): Reservation {
    return this;
  }

  get grants(): readonly LimitGrant[] {
    const { key, cost, max } = this.limit;
    return (this.#grants ??= Object.freeze([Object.freeze({ key, cost, max, remaining: this.remaining })]));
  }
}

/** Reservations named by a string id kept before {@link InMemoryLimitStore} drops those that hold nothing. */
const SWEEP_AFTER = 1024;

/** Whether `reservation` still holds something under `key` at `now`: not given back, not expired or lapsed. */
function holdsUnder(reservation: OneReservation | HeldReservation, key: string, now: number): boolean {
  if (reservation instanceof OneReservation) return !reservation.released && reservation.expiresAt > now;
  const { limits, released, expiresAt } = reservation;
  for (let i = 0; i < limits.length; i++) {
    if ((limits[i] as Limit).key === key && released[i] !== true && (expiresAt[i] as number) > now) return true;
  }
  return false;
}

/** Throws for a limit that gives back when its call ends: {@link InMemoryLimitStore.consume} makes no reservation. */
function refuseGivingBack(limit: Limit): void {
  if (limit.kind !== 'concurrent' && !limit.refundOnFailure) return;
  const gives = limit.kind === 'concurrent' ? 'a `concurrent` slot' : '`refundOnFailure`';
  throw new BraneError(
    'INVALID_ARGUMENT',
    `InMemoryLimitStore.consume: limit \`${limit.key}\` gives back (${gives}): reserve it`,
  );
}

/**
 * The default limit store: per process, synchronous, so synchronous capabilities keep working. Exact
 * sliding windows: a reservation counts until `windowMs` after it was made. Use `@brane/redis` or
 * `@brane/postgres` to share limits across processes.
 *
 * @example
 * const runtime = new Runtime({ limits: new InMemoryLimitStore() });
 */
export class InMemoryLimitStore implements SyncLimitStore {
  readonly synchronous = true;
  readonly #now: () => number;
  readonly #ledgers = new Map<string, LimitLedger>();
  /**
   * The reservation each string id made under each key (`key`, NUL, id: a key holds no control character), so that an
   * id still holding one is refused. An action passed itself (the runtime's way) is not named here: its id is a ULID,
   * unique per action, and is never read (a call with limits makes none).
   */
  readonly #named = new Map<string, OneReservation | HeldReservation>();
  #sweepAt = SWEEP_AFTER;

  constructor(options: InMemoryLimitStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  /**
   * Reserves `limits` for action `id` (or for an action, its id read only if the reservation's is), all or none.
   *
   * @throws BraneError `INVALID_ARGUMENT` when string `id` is not an action id (see `checkReservationId`), or still
   * holds a reservation under one of the limits' keys.
   */
  reserve(id: InMemoryReservationOwner, limits: readonly Limit[]): ReservationResult {
    const now = this.#now();
    if (typeof id === 'string') return this.#reserveNamed(id, limits, now);
    if (typeof id !== 'object' || id === null) checkReservationId(id, 'InMemoryLimitStore.reserve'); // throws
    if (limits.length === 1) return this.#reserveOne(id, limits, limits[0] as Limit, now);
    return this.#reserveAll(id, limits, now);
  }

  /** {@link reserve} for a string id: refused while the id holds a reservation under one of the keys. */
  #reserveNamed(id: string, limits: readonly Limit[], now: number): ReservationResult {
    checkReservationId(id, 'InMemoryLimitStore.reserve');
    const named = this.#named;
    for (let i = 0; i < limits.length; i++) {
      const key = (limits[i] as Limit).key;
      const holder = named.get(`${key}\u0000${id}`);
      if (holder !== undefined && holdsUnder(holder, key, now)) throw idInUse('InMemoryLimitStore.reserve', id, key);
    }
    const result =
      limits.length === 1 ? this.#reserveOne(id, limits, limits[0] as Limit, now) : this.#reserveAll(id, limits, now);
    if (!result.granted) return result;
    if (named.size >= this.#sweepAt) this.#sweep(now);
    const reservation = result.reservation as OneReservation | HeldReservation;
    for (let i = 0; i < limits.length; i++) named.set(`${(limits[i] as Limit).key}\u0000${id}`, reservation);
    return result;
  }

  /** Forgets the named reservations that hold nothing any more; then waits until twice as many are kept. */
  #sweep(now: number): void {
    for (const [name, reservation] of this.#named) {
      if (!holdsUnder(reservation, name.slice(0, name.indexOf('\u0000')), now)) this.#named.delete(name);
    }
    this.#sweepAt = Math.max(SWEEP_AFTER, 2 * this.#named.size);
  }

  /** {@link reserve} of several limits. */
  #reserveAll(id: InMemoryReservationOwner, limits: readonly Limit[], now: number): ReservationResult {
    // Check every limit first; a key named twice must fit both costs.
    let pending: Map<string, number> | undefined;
    for (let i = 0; i < limits.length; i++) {
      const limit = limits[i] as Limit;
      const ledger = this.#ledger(limit.key, now);
      const before = pending?.get(limit.key) ?? 0;
      const used = (ledger?.used ?? 0) + before;
      if (used + limit.cost > limit.max) {
        const freesIn = limit.kind === 'concurrent' ? undefined : ledger?.freesIn(used + limit.cost - limit.max, now);
        return { granted: false, refusal: refusalFor(limit, used, freesIn) };
      }
      (pending ??= new Map()).set(limit.key, before + limit.cost);
    }
    const grants: LimitGrant[] = [];
    const expiresAt: number[] = [];
    for (let i = 0; i < limits.length; i++) {
      const limit = limits[i] as Limit;
      let ledger = this.#ledgers.get(limit.key);
      if (ledger === undefined) this.#ledgers.set(limit.key, (ledger = new LimitLedger(limit.max)));
      ledger.max = limit.max;
      const expires = now + ((limit.windowMs ?? limit.leaseMs) as number);
      ledger.add(expires, limit.cost);
      expiresAt.push(expires);
      grants.push({
        key: limit.key,
        cost: limit.cost,
        max: limit.max,
        remaining: Math.max(0, limit.max - ledger.used),
      });
    }
    return { granted: true, reservation: new HeldReservation(id, limits, grants, now, expiresAt) };
  }

  /**
   * Reserves `limits`, all or none, for a call that gives nothing back when it ends (no `concurrent` slot, no
   * `refundOnFailure`), so that no reservation object is made: none would ever be released. Returns why it was
   * refused, or `undefined` once reserved. The runtime uses it for a synchronous call that is not audited.
   *
   * @throws BraneError `INVALID_ARGUMENT` for a limit that gives back (`concurrent`, or `refundOnFailure`).
   */
  consume(limits: readonly Limit[]): LimitRefusal | undefined {
    if (limits.length === 1) {
      // One limit, the common case: its element read once (V8 reads a frozen list's elements slowly).
      const limit = limits[0] as Limit;
      refuseGivingBack(limit);
      const taken = this.#takeOne(limit, this.#now());
      return taken instanceof LimitLedger ? undefined : taken;
    }
    // Indexed, not `for…of`: a list of limits is frozen, and V8 (Node 20) iterates a frozen array several times slower.
    for (let i = 0; i < limits.length; i++) refuseGivingBack(limits[i] as Limit);
    const result = this.#reserveAll('', limits, this.#now());
    return result.granted ? undefined : result.refusal;
  }

  /** {@link reserve} of one limit, the common case: one lookup of its ledger, and one object made. */
  #reserveOne(id: InMemoryReservationOwner, limits: readonly Limit[], limit: Limit, now: number): ReservationResult {
    const taken = this.#takeOne(limit, now);
    if (!(taken instanceof LimitLedger)) return { granted: false, refusal: taken };
    const expires = now + ((limit.windowMs ?? limit.leaseMs) as number);
    return new OneReservation(id, limits, limit, now, expires, Math.max(0, limit.max - taken.used));
  }

  /** Takes `limit`'s cost at `now`, expiring a window (or lease) later: the ledger it went into, or the refusal. */
  #takeOne(limit: Limit, now: number): LimitLedger | LimitRefusal {
    let ledger = this.#ledgers.get(limit.key);
    if (ledger !== undefined) ledger.purge(now); // an empty ledger is kept: it is about to be used, or dropped below
    const used = ledger === undefined ? 0 : ledger.used;
    if (used + limit.cost > limit.max) {
      const freesIn =
        limit.kind === 'concurrent' || ledger === undefined
          ? undefined
          : ledger.freesIn(used + limit.cost - limit.max, now);
      if (ledger?.empty === true) this.#ledgers.delete(limit.key);
      return refusalFor(limit, used, freesIn);
    }
    if (ledger === undefined) this.#ledgers.set(limit.key, (ledger = new LimitLedger(limit.max)));
    ledger.max = limit.max;
    ledger.add(now + ((limit.windowMs ?? limit.leaseMs) as number), limit.cost);
    return ledger;
  }

  release(reservation: Reservation, indices: readonly number[]): void {
    if (reservation instanceof OneReservation) {
      if (reservation.released || !indices.includes(0)) return;
      reservation.released = true;
      this.#ledgers.get(reservation.limit.key)?.remove(reservation.expiresAt, reservation.limit.cost);
      return;
    }
    if (!(reservation instanceof HeldReservation)) return;
    const held = reservation;
    for (const i of indices) {
      const limit = reservation.limits[i];
      if (limit === undefined || held.released[i] === true) continue;
      held.released[i] = true;
      this.#ledgers.get(limit.key)?.remove(held.expiresAt[i] as number, limit.cost);
    }
  }

  renew(reservation: Reservation): void {
    const now = this.#now();
    if (reservation instanceof OneReservation) {
      if (!reservation.released) reservation.expiresAt = this.#renewed(reservation.limit, reservation.expiresAt, now);
      return;
    }
    if (!(reservation instanceof HeldReservation)) return;
    const held = reservation;
    reservation.limits.forEach((limit, i) => {
      if (held.released[i] !== true) held.expiresAt[i] = this.#renewed(limit, held.expiresAt[i] as number, now);
    });
  }

  /** When a `concurrent` slot that expired at `was` expires once renewed at `now` (`was` if it is not renewed). */
  #renewed(limit: Limit, was: number, now: number): number {
    if (limit.kind !== 'concurrent') return was;
    const ledger = this.#ledger(limit.key, now);
    if (ledger === undefined || was <= now) return was; // lapsed: the slot is no longer this call's
    ledger.remove(was, limit.cost);
    const expires = now + (limit.leaseMs as number);
    ledger.add(expires, limit.cost);
    return expires;
  }

  usage(key: string): LimitUsage | undefined {
    const ledger = this.#ledger(key, this.#now());
    if (ledger === undefined) return undefined;
    return { key, used: ledger.used, max: ledger.max, remaining: Math.max(0, ledger.max - ledger.used) };
  }

  /** The ledger of `key` with what expired by `now` dropped; `undefined` (and forgotten) once it is empty. */
  #ledger(key: string, now: number): LimitLedger | undefined {
    const ledger = this.#ledgers.get(key);
    if (ledger === undefined) return undefined;
    ledger.purge(now);
    if (!ledger.empty) return ledger;
    this.#ledgers.delete(key);
    return undefined;
  }
}
