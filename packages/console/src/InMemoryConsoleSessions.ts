import type { ConsoleSessionBackend, StoredConsoleSession } from './ConsoleSessionBackend.js';

/** The most sessions kept at once; past it, the oldest is dropped. */
const MAX_SESSIONS = 10_000;

/** Sign-in sessions in memory: one process, and a restart signs everyone out. The default. */
export class InMemoryConsoleSessions implements ConsoleSessionBackend {
  readonly #sessions = new Map<string, StoredConsoleSession>();

  insert(session: StoredConsoleSession): Promise<void> {
    if (this.#sessions.size >= MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next();
      if (oldest.done !== true) this.#sessions.delete(oldest.value);
    }
    this.#sessions.set(session.tokenSha256, session);
    return Promise.resolve();
  }

  find(tokenSha256: string, nowMs: number): Promise<StoredConsoleSession | undefined> {
    const session = this.#sessions.get(tokenSha256);
    if (session !== undefined && session.expiresAt <= nowMs) this.#sessions.delete(tokenSha256);
    return Promise.resolve(session !== undefined && session.expiresAt > nowMs ? session : undefined);
  }

  delete(tokenSha256: string): Promise<void> {
    this.#sessions.delete(tokenSha256);
    return Promise.resolve();
  }

  revokeUser(userId: string): Promise<number> {
    let revoked = 0;
    for (const [key, session] of this.#sessions) {
      if (session.identity.id === userId) {
        this.#sessions.delete(key);
        revoked += 1;
      }
    }
    return Promise.resolve(revoked);
  }
}
