import { BraneError, describeValue } from '@brane/errors';
import { parseSessionLimits, type SessionLimits } from './SessionLimits.js';
import type { SessionRecord } from './SessionRecord.js';
import { SessionState } from './SessionState.js';
import type { SessionStore } from './SessionStore.js';

/** Options of {@link InMemorySessionStore}. */
export interface InMemorySessionStoreOptions extends Partial<SessionLimits> {
  /** Sessions kept at most; past it, the one with the oldest activity is forgotten. Default 10,000. */
  readonly maxSessions?: number | undefined;
  /** The clock, in epoch milliseconds (tests). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * Sessions in this process's memory: synchronous, so synchronous capabilities can belong to sessions, and
 * lost on restart. The runtime's default. Bounded: {@link SessionLimits} per session, and `maxSessions` in all.
 */
export class InMemorySessionStore implements SessionStore {
  readonly synchronous = true;
  readonly limits: SessionLimits;
  readonly #maxSessions: number;
  readonly #now: () => number;
  /** By id; insertion order is activity order (each append moves its session to the end). */
  readonly #sessions = new Map<string, SessionState>();

  constructor(options: InMemorySessionStoreOptions = {}) {
    const { maxSessions = 10_000, now = Date.now, ...limits } = options;
    this.limits = parseSessionLimits(limits, 'new InMemorySessionStore');
    if (!Number.isSafeInteger(maxSessions) || maxSessions < 1) {
      throw new BraneError(
        'INVALID_OPTIONS',
        `new InMemorySessionStore: \`maxSessions\` must be a positive whole number (got ${describeValue(maxSessions)})`,
      );
    }
    if (typeof now !== 'function') {
      throw new BraneError(
        'INVALID_OPTIONS',
        `new InMemorySessionStore: \`now\` must be a function (got ${describeValue(now)})`,
      );
    }
    this.#maxSessions = maxSessions;
    this.#now = now;
  }

  /** The session's live state (read it, never change it), or `undefined`. */
  load(sessionId: string): SessionState | undefined {
    const state = this.#sessions.get(sessionId);
    if (state === undefined || !state.expired(this.#now(), this.limits.ttlMs)) return state;
    this.#sessions.delete(sessionId);
    return undefined;
  }

  append(sessionId: string, record: SessionRecord): void {
    const now = this.#now();
    let state = this.load(sessionId);
    if (state === undefined) state = new SessionState(now);
    else this.#sessions.delete(sessionId);
    state.record(record, this.limits, now);
    this.#sessions.set(sessionId, state);
    if (this.#sessions.size > this.#maxSessions) this.#sessions.delete(this.#sessions.keys().next().value as string);
  }

  /** How many sessions are kept now (expired ones included until next read). */
  get size(): number {
    return this.#sessions.size;
  }

  close(): Promise<void> {
    this.#sessions.clear();
    return Promise.resolve();
  }
}
