import type { SessionLimits } from './SessionLimits.js';
import type { SessionRecord } from './SessionRecord.js';
import type { SessionState } from './SessionState.js';

/**
 * Where sessions are kept. Brane ships an in-memory store (the default) and a PostgreSQL one
 * (`@brane/postgres`); any other must pass `describeSessionStoreContract` from `@brane/sessions/testing`.
 * Every store applies records with {@link SessionState.record}, so that the bounds behave the same everywhere.
 */
export interface SessionStore {
  /**
   * `true` when `load` and `append` answer synchronously (a store in this process): synchronous capabilities
   * can then belong to sessions. A runtime refuses to govern a synchronous capability over a store that is not.
   */
  readonly synchronous: boolean;
  /** The bounds the store applies to each session. */
  readonly limits: SessionLimits;
  /**
   * The session's state, or `undefined` when it has none (never recorded, expired, or evicted). `fingerprints`:
   * the value fingerprints the caller will look up; a remote store may return only those (the rest of the
   * state in full). Rejects (or throws) when the store cannot be read: the runtime then denies the call.
   */
  load(
    sessionId: string,
    fingerprints?: ReadonlySet<string>,
  ): SessionState | undefined | Promise<SessionState | undefined>;
  /** Appends one executed action to the session (creating it), within the store's limits. */
  append(sessionId: string, record: SessionRecord): void | Promise<void>;
  /** Releases what the store opened itself. */
  close?(): Promise<void>;
}
