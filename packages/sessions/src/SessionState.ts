import { unionLabels } from '@brane/decisions';
import type { SessionEntry } from '@brane/policy-engine';
import type { SessionLimits } from './SessionLimits.js';
import type { SessionRecord } from './SessionRecord.js';

const MINUTE = 60_000;
const NONE: readonly never[] = Object.freeze([]);

/** How many actions a counter saw: in total, and per minute over the count window. */
interface Counter {
  total: number;
  /**
   * Epoch minute → actions (boxed, so that counting in a known minute is a read, not a `Map.set`); keys ascend
   * in insertion order, so pruning drops from the front.
   */
  readonly minutes: Map<number, { n: number }>;
}

/** The JSON form of a {@link SessionState}, as remote stores keep it. */
export interface SessionStateJSON {
  readonly v: 1;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly entries: readonly SessionEntry[];
  readonly droppedEntries: number;
  readonly labels: readonly string[];
  /** Counter key → `[total, [[minute, count], ...]]`. */
  readonly counters: Readonly<Record<string, readonly [number, readonly (readonly [number, number])[]]>>;
  readonly fingerprints: readonly (readonly [string, readonly string[]])[];
  readonly droppedFingerprints: number;
}

/** The counter key of every action, of one capability's actions, of actions carrying one label. */
export const ALL_KEY = '*';
const CAPABILITY_KEYS = new Map<string, string>();
export const capabilityKey = (name: string): string => {
  // Cached: a flat key whose hash V8 keeps, instead of a new concatenation to hash on every recorded call.
  let key = CAPABILITY_KEYS.get(name);
  if (key === undefined) {
    key = `c:${name}`;
    if (CAPABILITY_KEYS.size < 4096) CAPABILITY_KEYS.set(name, key);
  }
  return key;
};

export const labelKey = (label: string): string => `l:${label}`;

/**
 * Everything one session keeps, bounded by {@link SessionLimits}. The labels it held and its counters are kept
 * apart from the entry list, so dropping old entries never forgets a label or a count a policy reads. Every
 * store applies records through {@link record}, so the bounds behave the same in memory and in a database.
 */
export class SessionState {
  startedAt: number;
  updatedAt: number;
  /** Oldest first from `#first`: dropped entries are cut off in batches, so recording stays O(1) amortised. */
  readonly #entries: SessionEntry[];
  #first = 0;
  droppedEntries: number;
  readonly labels: Set<string>;
  readonly counters: Map<string, Counter>;
  /** Fingerprint → the labels of the outputs it was seen in; insertion order, oldest first. */
  readonly fingerprints: Map<string, readonly string[]>;
  droppedFingerprints: number;

  constructor(nowMs: number) {
    this.startedAt = nowMs;
    this.updatedAt = nowMs;
    this.#entries = [];
    this.droppedEntries = 0;
    this.labels = new Set();
    this.counters = new Map();
    this.fingerprints = new Map();
    this.droppedFingerprints = 0;
  }

  /** The entries kept, oldest first: at most `maxEntries`. */
  get entries(): readonly SessionEntry[] {
    return this.#entries.slice(this.#first);
  }

  /** The last `n` entries kept (all when `n` is undefined), oldest first. */
  lastEntries(n?: number): SessionEntry[] {
    const kept = this.#entries.length - this.#first;
    return this.#entries.slice(n === undefined || n >= kept ? this.#first : this.#entries.length - n);
  }

  /** Whether the session has had no recorded action for `ttlMs` at `nowMs`. */
  expired(nowMs: number, ttlMs: number): boolean {
    return nowMs - this.updatedAt >= ttlMs;
  }

  /** Applies one executed action at `nowMs` under `limits`. */
  record({ entry, fingerprints }: SessionRecord, limits: SessionLimits, nowMs: number): void {
    this.updatedAt = nowMs;
    const entries = this.#entries;
    entries.push(entry);
    const excess = entries.length - this.#first - limits.maxEntries;
    if (excess > 0) {
      this.#first += excess;
      this.droppedEntries += excess;
      if (this.#first >= limits.maxEntries) {
        entries.splice(0, this.#first);
        this.#first = 0;
      }
    }
    if (entry.outcome !== 'succeeded') return;
    const minute = Math.floor(entry.at / MINUTE);
    const oldest = Math.floor((nowMs - limits.countWindowMs) / MINUTE);
    this.#count(ALL_KEY, minute, oldest);
    this.#count(capabilityKey(entry.capability), minute, oldest);
    for (const label of entry.labels) {
      this.labels.add(label);
      this.#count(labelKey(label), minute, oldest);
    }
    if (fingerprints.length === 0) return;
    for (const fingerprint of fingerprints) {
      const known = this.fingerprints.get(fingerprint);
      this.fingerprints.set(fingerprint, unionLabels(known, entry.labels) ?? NONE);
    }
    let over = this.fingerprints.size - limits.maxFingerprints;
    if (over <= 0) return;
    this.droppedFingerprints += over;
    for (const key of this.fingerprints.keys()) {
      this.fingerprints.delete(key);
      if (--over === 0) break;
    }
  }

  /** Successful actions under counter `key` (see {@link capabilityKey}) since `sinceMs`, or in total. */
  count(key: string, sinceMs?: number): number {
    const counter = this.counters.get(key);
    if (counter === undefined) return 0;
    if (sinceMs === undefined) return counter.total;
    const since = Math.floor(sinceMs / MINUTE);
    let sum = 0;
    for (const [minute, bucket] of counter.minutes) if (minute >= since) sum += bucket.n;
    return sum;
  }

  /** The labels of the outputs `fingerprint` was seen in, if any. */
  lookup(fingerprint: string): readonly string[] | undefined {
    return this.fingerprints.get(fingerprint);
  }

  #count(key: string, minute: number, oldest: number): void {
    let counter = this.counters.get(key);
    if (counter === undefined) this.counters.set(key, (counter = { total: 0, minutes: new Map() }));
    counter.total += 1;
    const known = counter.minutes.get(minute);
    if (known !== undefined) {
      known.n += 1;
      return;
    }
    counter.minutes.set(minute, { n: 1 });
    // A new minute: the only time a bucket can have fallen out of the window.
    for (const first of counter.minutes.keys()) {
      if (first >= oldest) break;
      counter.minutes.delete(first);
    }
  }

  /** The JSON form, for stores that keep sessions outside the process. */
  toJSON(): SessionStateJSON {
    const counters: Record<string, readonly [number, readonly (readonly [number, number])[]]> = {};
    for (const [key, counter] of this.counters) {
      counters[key] = [counter.total, Array.from(counter.minutes, ([minute, bucket]) => [minute, bucket.n] as const)];
    }
    return {
      v: 1,
      startedAt: this.startedAt,
      updatedAt: this.updatedAt,
      entries: this.entries,
      droppedEntries: this.droppedEntries,
      labels: [...this.labels].sort(),
      counters,
      fingerprints: [...this.fingerprints],
      droppedFingerprints: this.droppedFingerprints,
    };
  }

  /** Rebuilds a state from its JSON form (as {@link toJSON} made it). */
  static fromJSON(json: SessionStateJSON): SessionState {
    const state = new SessionState(json.startedAt);
    state.updatedAt = json.updatedAt;
    state.#entries.push(...json.entries);
    state.droppedEntries = json.droppedEntries;
    for (const label of json.labels) state.labels.add(label);
    for (const [key, [total, minutes]] of Object.entries(json.counters)) {
      state.counters.set(key, { total, minutes: new Map(minutes.map(([minute, n]) => [minute, { n }])) });
    }
    for (const [fingerprint, labels] of json.fingerprints)
      state.fingerprints.set(fingerprint, Object.freeze([...labels]));
    state.droppedFingerprints = json.droppedFingerprints;
    return state;
  }
}
