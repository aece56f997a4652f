import type { ApproverIdentity } from '@brane/approvals';

/** A signed-in session as a backend keeps it: by the SHA-256 of its cookie, never the cookie. */
export interface StoredConsoleSession {
  /** SHA-256 (hex) of the cookie value. */
  readonly tokenSha256: string;
  readonly identity: Required<ApproverIdentity>;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly expiresAt: number;
}

/**
 * Where the console keeps its sign-in sessions: in memory (`InMemoryConsoleSessions`, a restart signs everyone
 * out), in a file (`FileConsoleSessions`) or on PostgreSQL (`PostgresConsoleSessions` of `@brane/postgres`), so
 * sessions survive a restart and are shared by the consoles of a fleet.
 */
export interface ConsoleSessionBackend {
  insert(session: StoredConsoleSession): Promise<void>;
  /** The session of a cookie hash, if it has not expired at `nowMs`. */
  find(tokenSha256: string, nowMs: number): Promise<StoredConsoleSession | undefined>;
  delete(tokenSha256: string): Promise<void>;
  /** Ends every session of `userId` (the user was removed); resolves how many there were. */
  revokeUser(userId: string): Promise<number>;
}
