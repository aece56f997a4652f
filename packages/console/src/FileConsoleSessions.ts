import * as path from 'node:path';
import type { ConsoleSessionBackend, StoredConsoleSession } from './ConsoleSessionBackend.js';
import { LockedJsonFile } from './LockedJsonFile.js';

interface SessionsDocument {
  readonly version: 1;
  readonly sessions: readonly StoredConsoleSession[];
}

const EMPTY: SessionsDocument = { version: 1, sessions: [] };
/** The most sessions kept at once; past it, the oldest are dropped. */
const MAX_SESSIONS = 10_000;

/**
 * Sign-in sessions in `<directory>/sessions.json` (mode 0600, the console's directory by default), keyed by the
 * SHA-256 of each cookie: a restart signs no one out, a stolen file signs no one in, and `brane console users
 * remove` ends the removed user's sessions. Expired sessions are dropped at each sign-in.
 */
export class FileConsoleSessions implements ConsoleSessionBackend {
  readonly #file: LockedJsonFile<SessionsDocument>;

  constructor(directory: string) {
    this.#file = new LockedJsonFile(path.join(directory, 'sessions.json'), EMPTY, isSessions);
  }

  /** The absolute path of the sessions file. */
  get file(): string {
    return this.#file.file;
  }

  async insert(session: StoredConsoleSession): Promise<void> {
    const now = session.createdAt;
    await this.#file.change((doc) => [
      { version: 1, sessions: [...doc.sessions.filter((kept) => kept.expiresAt > now), session].slice(-MAX_SESSIONS) },
      undefined,
    ]);
  }

  async find(tokenSha256: string, nowMs: number): Promise<StoredConsoleSession | undefined> {
    const session = (await this.#file.read()).sessions.find((kept) => kept.tokenSha256 === tokenSha256);
    return session !== undefined && session.expiresAt > nowMs ? session : undefined;
  }

  async delete(tokenSha256: string): Promise<void> {
    await this.#file.change((doc) => {
      const sessions = doc.sessions.filter((kept) => kept.tokenSha256 !== tokenSha256);
      return [sessions.length === doc.sessions.length ? doc : { version: 1, sessions }, undefined];
    });
  }

  async revokeUser(userId: string): Promise<number> {
    return await this.#file.change((doc) => {
      const sessions = doc.sessions.filter((kept) => kept.identity.id !== userId);
      const revoked = doc.sessions.length - sessions.length;
      return [revoked === 0 ? doc : { version: 1, sessions }, revoked];
    });
  }
}

function isSessions(value: unknown): value is SessionsDocument {
  const doc = value as Partial<SessionsDocument> | null;
  return (
    doc?.version === 1 &&
    Array.isArray(doc.sessions) &&
    doc.sessions.every(
      (session: Partial<StoredConsoleSession> | null) =>
        typeof session?.tokenSha256 === 'string' &&
        typeof session.expiresAt === 'number' &&
        typeof session.identity?.id === 'string' &&
        Array.isArray(session.identity.groups),
    )
  );
}
