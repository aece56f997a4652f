/** Entries kept before a ledger drops those already expired from the front of its lists. */
const COMPACT_AFTER = 1024;

/**
 * What one key holds in memory: the cost reserved in each millisecond at which entries expire, in order of
 * expiry, how many reservations each holds, and their totals. Reservations that expire in the same millisecond
 * share one entry, so a key holds at most one entry per millisecond of its window, however many calls it counts.
 * Parallel lists (expiry, cost, count) rather than a map: on a clock that moves forward, an entry is added at the
 * end or to the last one, and expired ones are dropped from the front, in constant time and without an allocation
 * per reservation. The count tells a key that holds reservations of cost 0 from one whose reservations were all
 * given back (`empty`), as the Redis and PostgreSQL stores, which keep one entry per reservation, tell them apart.
 */
export class LimitLedger {
  /** The `max` of the last limit that reserved this key. */
  max: number;
  used = 0;
  /** How many reservations it holds (those given back or expired are not counted). */
  #held = 0;
  /** Expiry times, ascending, from `#head` on. */
  readonly #at: number[] = [];
  /** The cost that expires at each time of `#at`. */
  readonly #cost: number[] = [];
  /** How many reservations expire at each time of `#at`. */
  readonly #count: number[] = [];
  #head = 0;

  constructor(max: number) {
    this.max = max;
  }

  /** Whether nothing is reserved any more: every reservation expired or was given back. */
  get empty(): boolean {
    return this.#held === 0;
  }

  /** Drops every entry that expired at or before `now`. Small, so that it is inlined where nothing expired. */
  purge(now: number): void {
    const head = this.#head;
    if (head !== this.#at.length && (this.#at[head] as number) <= now) this.#drop(now, head);
  }

  /** {@link purge} once the entry at `from` expired. */
  #drop(now: number, from: number): void {
    const at = this.#at;
    const n = at.length;
    let head = from;
    while (head < n && (at[head] as number) <= now) {
      this.used -= this.#cost[head] as number;
      this.#held -= this.#count[head] as number;
      head++;
    }
    if (head === n) {
      this.#clear();
      return;
    }
    if (head > COMPACT_AFTER && head * 2 > n) {
      at.splice(0, head);
      this.#cost.splice(0, head);
      this.#count.splice(0, head);
      head = 0;
    }
    this.#head = head;
  }

  /** Adds `cost`, expiring at `expiresAt`. Small, so that it is inlined where it joins the last entry. */
  add(expiresAt: number, cost: number): void {
    this.used += cost;
    this.#held++;
    const last = this.#at.length - 1;
    if (last >= this.#head && this.#at[last] === expiresAt) {
      (this.#cost[last] as number) += cost;
      (this.#count[last] as number)++;
    } else {
      this.#append(expiresAt, cost);
    }
  }

  /** {@link add} of an entry that does not join the last one: at the end, or in its place before it. */
  #append(expiresAt: number, cost: number): void {
    const at = this.#at;
    const last = at.length - 1;
    if (last >= this.#head && (at[last] as number) > expiresAt) {
      this.#insert(expiresAt, cost);
      return;
    }
    at.push(expiresAt);
    this.#cost.push(cost);
    this.#count.push(1);
  }

  /** Takes back one reservation of `cost` that was to expire at `expiresAt`, unless it already expired. */
  remove(expiresAt: number, cost: number): void {
    const i = this.#find(expiresAt);
    if (i === this.#at.length || this.#at[i] !== expiresAt || this.#count[i] === 0) return;
    (this.#cost[i] as number) -= cost;
    (this.#count[i] as number)--;
    this.used -= cost;
    if (--this.#held === 0) this.#clear();
  }

  /** Holds nothing: starts again from an exact 0, whatever rounding the sum gathered. */
  #clear(): void {
    this.#at.length = 0;
    this.#cost.length = 0;
    this.#count.length = 0;
    this.#head = 0;
    this.#held = 0;
    this.used = 0;
  }

  /** How long from `now` until `needed` has expired, or `undefined` if it never will by expiry alone. */
  freesIn(needed: number, now: number): number | undefined {
    let freed = 0;
    for (let i = this.#head; i < this.#at.length; i++) {
      freed += this.#cost[i] as number;
      if (freed >= needed) return Math.max(0, (this.#at[i] as number) - now);
    }
    return undefined;
  }

  /** Adds an entry expiring before the last one (a shorter window, a renewed lease) in its place. */
  #insert(expiresAt: number, cost: number): void {
    const i = this.#find(expiresAt);
    if (this.#at[i] === expiresAt) {
      (this.#cost[i] as number) += cost;
      (this.#count[i] as number)++;
      return;
    }
    this.#at.splice(i, 0, expiresAt);
    this.#cost.splice(i, 0, cost);
    this.#count.splice(i, 0, 1);
  }

  /** The index of the first entry from `#head` on that expires at or after `expiresAt`. */
  #find(expiresAt: number): number {
    const at = this.#at;
    let lo = this.#head;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((at[mid] as number) < expiresAt) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
