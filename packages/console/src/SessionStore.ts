import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApproverIdentity } from '@brane/approvals';
import type { ConsoleSessionBackend } from './ConsoleSessionBackend.js';
import { hashToken, newToken } from './hashToken.js';
import { InMemoryConsoleSessions } from './InMemoryConsoleSessions.js';

/** A signed-in person: who the authenticator said they are, and the CSRF token of their forms. */
export interface Session {
  readonly identity: Required<ApproverIdentity>;
  /** Sent in a hidden field of every form; a state change without it is refused. */
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/** A session is valid this long by default: 8 hours. */
export const DEFAULT_SESSION_TTL_MS = 8 * 3_600_000;

/**
 * The console's sessions, over a {@link ConsoleSessionBackend} (in memory by default). The cookie holds a random
 * 32-byte token; the backend keys sessions by its SHA-256, so neither a heap dump nor the sessions file or table
 * holds a usable cookie. The CSRF token is derived from the cookie (a SHA-256 under its own label), so it is
 * never stored, and knowing it gives nothing of the cookie.
 */
export class SessionStore {
  readonly #backend: ConsoleSessionBackend;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(
    options: {
      readonly ttlMs?: number | undefined;
      readonly now?: (() => number) | undefined;
      readonly backend?: ConsoleSessionBackend | undefined;
    } = {},
  ) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.#now = options.now ?? Date.now;
    this.#backend = options.backend ?? new InMemoryConsoleSessions();
  }

  /** Opens a session for `identity`; returns the cookie value (shown once) and the session. */
  async open(identity: Required<ApproverIdentity>): Promise<{ readonly cookie: string; readonly session: Session }> {
    const cookie = newToken();
    const now = this.#now();
    const expiresAt = now + this.#ttlMs;
    await this.#backend.insert({ tokenSha256: hashToken(cookie), identity, createdAt: now, expiresAt });
    return { cookie, session: { identity, csrfToken: csrfTokenOf(cookie), expiresAt } };
  }

  /** The live session of a cookie value, or `undefined` (unknown, expired, revoked). */
  async get(cookie: string | undefined): Promise<Session | undefined> {
    if (cookie === undefined || cookie === '' || cookie.length > 256) return undefined;
    const stored = await this.#backend.find(hashToken(cookie), this.#now());
    return stored === undefined
      ? undefined
      : { identity: stored.identity, csrfToken: csrfTokenOf(cookie), expiresAt: stored.expiresAt };
  }

  /** Ends the session of a cookie value. */
  async close(cookie: string | undefined): Promise<void> {
    if (cookie !== undefined && cookie !== '' && cookie.length <= 256) await this.#backend.delete(hashToken(cookie));
  }

  /** Ends every session of `userId`; resolves how many there were. */
  async revokeUser(userId: string): Promise<number> {
    return await this.#backend.revokeUser(userId);
  }
}

/** The CSRF token of a session cookie. */
function csrfTokenOf(cookie: string): string {
  return createHash('sha256').update(`brane-console-csrf\u0000${cookie}`, 'utf8').digest('base64url');
}

/** Whether `sent` is the session's CSRF token, compared in constant time. */
export function csrfMatches(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
