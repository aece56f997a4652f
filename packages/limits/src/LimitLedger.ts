/**
 * What one key holds in memory: the cost reserved in each millisecond at which entries expire, in order of
 * expiry, and their total. Reservations that expire in the same millisecond share one entry, so a key holds
 * at most one entry per millisecond of its window, however many calls it counts.
 */
export class LimitLedger {
  /** The `max` of the last limit that reserved this key. */
  max: number;
  used = 0;
  readonly #buckets = new Map<number, number>();
  /** Expiry times, ascending, from `#head` on. */
  #order: number[] = [];
  #head = 0;

  constructor(max: number) {
    this.max = max;
  }

  /** Whether nothing is reserved any more. */
  get empty(): boolean {
    return this.#head === this.#order.length;
  }

  /** Drops every entry that expired at or before `now`. */
  purge(now: number): void {
    const order = this.#order;
    let head = this.#head;
    while (head < order.length && (order[head] as number) <= now) {
      const at = order[head] as number;
      this.used -= this.#buckets.get(at) ?? 0;
      this.#buckets.delete(at);
      head++;
    }
    if (head === order.length) {
      // Empty: start again from an exact 0, whatever rounding the sum gathered.
      this.#order = [];
      this.#head = 0;
      this.used = 0;
      return;
    }
    if (head > 1024 && head * 2 > order.length) {
      this.#order = order.slice(head);
      head = 0;
    }
    this.#head = head;
  }

  /** Adds `cost`, expiring at `expiresAt`. */
  add(expiresAt: number, cost: number): void {
    this.used += cost;
    const held = this.#buckets.get(expiresAt);
    if (held !== undefined) {
      this.#buckets.set(expiresAt, held + cost);
      return;
    }
    this.#buckets.set(expiresAt, cost);
    const order = this.#order;
    if (this.empty || (order[order.length - 1] as number) < expiresAt) {
      order.push(expiresAt);
      return;
    }
    let lo = this.#head;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((order[mid] as number) < expiresAt) lo = mid + 1;
      else hi = mid;
    }
    order.splice(lo, 0, expiresAt);
  }

  /** Takes back `cost` that was to expire at `expiresAt`, unless it already expired. */
  remove(expiresAt: number, cost: number): void {
    const held = this.#buckets.get(expiresAt);
    if (held === undefined) return;
    this.#buckets.set(expiresAt, held - cost);
    this.used -= cost;
  }

  /** How long from `now` until `needed` has expired, or `undefined` if it never will by expiry alone. */
  freesIn(needed: number, now: number): number | undefined {
    let freed = 0;
    for (let i = this.#head; i < this.#order.length; i++) {
      const at = this.#order[i] as number;
      freed += this.#buckets.get(at) ?? 0;
      if (freed >= needed) return Math.max(0, at - now);
    }
    return undefined;
  }
}
