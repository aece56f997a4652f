import { consoleStoreCall } from './consoleStoreCall.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';

/** A console sign-in session as `@brane/console`'s `ConsoleSessionBackend` describes it. */
export interface PostgresConsoleSession {
  readonly tokenSha256: string;
  readonly identity: { readonly id: string; readonly groups: readonly string[]; readonly authenticatedBy: string };
  readonly createdAt: number;
  readonly expiresAt: number;
}

/**
 * The console's sign-in sessions on PostgreSQL (a `ConsoleSessionBackend` of `@brane/console`; create the table
 * with `migrate`): they survive a restart and are shared by the consoles of a fleet. Rows are keyed by the
 * SHA-256 of the cookie, never the cookie. Expired rows are deleted at each sign-in.
 */
export class PostgresConsoleSessions {
  readonly #db: PostgresConnection;
  readonly #table: string;

  constructor(options: PostgresConnectionOptions) {
    this.#db = new PostgresConnection(options, 'PostgresConsoleSessions');
    this.#table = this.#db.table('console_sessions');
  }

  async insert(session: PostgresConsoleSession): Promise<void> {
    await this.#run('open a console session', async () => {
      await this.#db.query(`DELETE FROM ${this.#table} WHERE expires_ms <= $1`, [session.createdAt]);
      await this.#db.query(
        `INSERT INTO ${this.#table} (token_sha256, user_id, identity, created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5)`,
        [
          session.tokenSha256,
          session.identity.id,
          JSON.stringify(session.identity),
          session.createdAt,
          session.expiresAt,
        ],
      );
    });
  }

  async find(tokenSha256: string, nowMs: number): Promise<PostgresConsoleSession | undefined> {
    return await this.#run('read a console session', async () => {
      const { rows } = await this.#db.query<{
        identity: PostgresConsoleSession['identity'];
        created_ms: string;
        expires_ms: string;
      }>(`SELECT identity, created_ms, expires_ms FROM ${this.#table} WHERE token_sha256 = $1 AND expires_ms > $2`, [
        tokenSha256,
        nowMs,
      ]);
      const row = rows[0];
      return row === undefined
        ? undefined
        : { tokenSha256, identity: row.identity, createdAt: Number(row.created_ms), expiresAt: Number(row.expires_ms) };
    });
  }

  async delete(tokenSha256: string): Promise<void> {
    await this.#run('end a console session', async () => {
      await this.#db.query(`DELETE FROM ${this.#table} WHERE token_sha256 = $1`, [tokenSha256]);
    });
  }

  /** Ends every session of `userId`; resolves how many there were. */
  async revokeUser(userId: string): Promise<number> {
    return await this.#run('revoke console sessions', async () => {
      const result = await this.#db.query(`DELETE FROM ${this.#table} WHERE user_id = $1`, [userId]);
      return result.rowCount ?? 0;
    });
  }

  /** Ends the pool if it was opened here; a pool given stays open. */
  close(): Promise<void> {
    return this.#db.close();
  }

  #run<T>(what: string, body: () => Promise<T>): Promise<T> {
    return consoleStoreCall('PostgresConsoleSessions', what, body);
  }
}
