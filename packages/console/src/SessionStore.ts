import { timingSafeEqual } from 'node:crypto';
import type { ApproverIdentity } from '@brane/approvals';
import { hashToken, newToken } from './hashToken.js';

/** A signed-in person: who the authenticator said they are, and the CSRF token of their forms. */
export interface Session {
  readonly identity: Required<ApproverIdentity>;
  /** Sent in a hidden field of every form; a state change without it is refused. */
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/** A session is valid this long by default: 8 hours. */
export const DEFAULT_SESSION_TTL_MS = 8 * 3_600_000;
/** The most sessions kept at once; past it, the oldest is dropped. */
const MAX_SESSIONS = 10_000;

/**
 * The console's sessions, in memory: a restart signs everyone out. The cookie holds a random 32-byte token; the
 * store keys sessions by its SHA-256, so a heap dump holds no usable cookie.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { readonly ttlMs?: number | undefined; readonly now?: (() => number) | undefined } = {}) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Opens a session for `identity`; returns the cookie value (shown once) and the session. */
  open(identity: Required<ApproverIdentity>): { readonly cookie: string; readonly session: Session } {
    const cookie = newToken();
    const session: Session = { identity, csrfToken: newToken(), expiresAt: this.#now() + this.#ttlMs };
    if (this.#sessions.size >= MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next();
      if (oldest.done !== true) this.#sessions.delete(oldest.value);
    }
    this.#sessions.set(hashToken(cookie), session);
    return { cookie, session };
  }

  /** The live session of a cookie value, or `undefined` (unknown, expired: then forgotten). */
  get(cookie: string | undefined): Session | undefined {
    if (cookie === undefined || cookie === '') return undefined;
    const key = hashToken(cookie);
    const session = this.#sessions.get(key);
    if (session === undefined) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(key);
      return undefined;
    }
    return session;
  }

  /** Ends the session of a cookie value. */
  close(cookie: string | undefined): void {
    if (cookie !== undefined) this.#sessions.delete(hashToken(cookie));
  }
}

/** Whether `sent` is the session's CSRF token, compared in constant time. */
export function csrfMatches(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
