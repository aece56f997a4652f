import {
  assertApprovalId,
  assertExpectedSeal,
  parseApprovalQuery,
  recordFromJson,
  recordToJson,
  type ApprovalQuery,
  type ApprovalRecord,
  type ApprovalStore,
} from '@brane/approvals';
import { ApprovalError, BraneError } from '@brane/errors';
import { approvalColumns } from './approvalColumns.js';
import { listStatement } from './listStatement.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
import { mayHaveCommitted, postgresFailure } from './postgresFailure.js';

/** Options of a {@link PostgresApprovalStore}: where its table is (see `PostgresConnectionOptions`). */
export type PostgresApprovalStoreOptions = PostgresConnectionOptions;

/**
 * An {@link ApprovalStore} on PostgreSQL, for a fleet: every process that opens the same database and schema
 * shares the approvals. Records live in `<schema>.approvals` (create it with `migrate`), the sealed record as
 * JSON, with the fields `list` filters on copied to indexed columns. Every transition is one statement,
 * `UPDATE … WHERE id = $1 AND seal = $2`: of any number of concurrent claims, in any number of processes,
 * exactly one changes the row.
 *
 * Failures reject with an `ApprovalError` `APPROVAL_STORE_FAILED` that names what happened
 * (`details.kind`: connection, timeout, serialization, constraint, schema or query) with the driver's error as
 * `cause`. A write whose answer was lost is checked before it is reported: a create that did commit succeeds,
 * and an update that may have committed is reported as a failure, never as a success, so that an approval
 * whose claim is in doubt stays `executing`, visible, and is never run twice.
 *
 * @example
 * const store = new PostgresApprovalStore({ pool }); // your pg.Pool; or { connectionString: 'postgres://…' }
 * await migrate(pool);
 * const runtime = new Runtime({ approvals: { store, secret: process.env.BRANE_APPROVAL_SECRET } });
 */
export class PostgresApprovalStore implements ApprovalStore {
  readonly #db: PostgresConnection;
  readonly #table: string;

  constructor(options: PostgresApprovalStoreOptions) {
    this.#db = new PostgresConnection(options, 'PostgresApprovalStore');
    this.#table = this.#db.table('approvals');
  }

  /** The schema of the `approvals` table. */
  get schema(): string {
    return this.#db.schema;
  }

  /** {@inheritDoc ApprovalStore.create} */
  async create(record: ApprovalRecord): Promise<void> {
    const json = recordToJson(record);
    const { id, seal } = record;
    const values = [id, seal, json, ...approvalColumns(record)];
    try {
      await this.#db.query(
        `INSERT INTO ${this.#table} (id, seal, body, status, capability, tenant_id, requested_ms, expires_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        values,
      );
    } catch (error) {
      const failure = postgresFailure(error);
      if (failure.kind === 'constraint' && failure.sqlState === '23505') {
        throw new ApprovalError('APPROVAL_STORE_FAILED', id, `Approval ${id} already exists in ${this.#where()}`, {
          cause: error,
          details: { kind: failure.kind, sqlState: failure.sqlState },
        });
      }
      // The answer was lost: the row may be there. It is ours if it holds exactly what we wrote (ids are unique).
      if (mayHaveCommitted(failure) && (await this.#stored(id).catch(() => undefined))?.body === json) return;
      throw this.#failed(id, `create approval ${id}`, error);
    }
  }

  /** {@inheritDoc ApprovalStore.get} */
  async get(id: string): Promise<ApprovalRecord | undefined> {
    assertApprovalId(id);
    let stored: { body: string } | undefined;
    try {
      stored = await this.#stored(id);
    } catch (error) {
      throw this.#failed(id, `read approval ${id}`, error);
    }
    return stored === undefined ? undefined : recordFromJson(id, stored.body);
  }

  /** {@inheritDoc ApprovalStore.list} */
  async list(query?: ApprovalQuery): Promise<ApprovalRecord[]> {
    const { text, values } = listStatement(this.#table, parseApprovalQuery(query));
    let rows: { id: string; body: string }[];
    try {
      rows = (await this.#db.query<{ id: string; body: string }>(text, values)).rows;
    } catch (error) {
      throw this.#failed('*', 'list approvals', error);
    }
    return rows.map((row) => recordFromJson(row.id, row.body));
  }

  /** {@inheritDoc ApprovalStore.update} */
  async update(next: ApprovalRecord, expectedSeal: string): Promise<boolean> {
    const json = recordToJson(next);
    assertExpectedSeal(expectedSeal);
    const { id, seal } = next;
    const values = [id, expectedSeal, seal, json, ...approvalColumns(next)];
    try {
      const result = await this.#db.query(
        `UPDATE ${this.#table} SET seal = $3, body = $4, status = $5, capability = $6, tenant_id = $7, requested_ms = $8, expires_ms = $9 WHERE id = $1 AND seal = $2`,
        values,
      );
      return result.rowCount === 1;
    } catch (error) {
      // The answer was lost. Still the expected seal: it did not apply (and if it applies later, the next
      // compare-and-set fails). Anything else is in doubt, even our own seal (a concurrent writer can seal the
      // same record identically), so it is reported as a failure, never as a success.
      if (mayHaveCommitted(postgresFailure(error))) {
        const current = await this.#stored(id).catch(() => null);
        if (current === undefined || current?.seal === expectedSeal) return false;
      }
      throw this.#failed(id, `update approval ${id}`, error);
    }
  }

  /**
   * {@inheritDoc ApprovalStore.replace} One statement: `UPDATE … WHERE id = $1 AND seal = $2 AND body::text = $10`
   * (`body` is `json`, which keeps the text exactly as written).
   */
  async replace(next: ApprovalRecord, expected: ApprovalRecord): Promise<boolean> {
    const json = recordToJson(next);
    const expectedJson = recordToJson(expected);
    const { id, seal } = next;
    if (expected.id !== id) return false;
    const values = [id, expected.seal, seal, json, ...approvalColumns(next), expectedJson];
    try {
      const result = await this.#db.query(
        `UPDATE ${this.#table} SET seal = $3, body = $4, status = $5, capability = $6, tenant_id = $7, requested_ms = $8, expires_ms = $9 WHERE id = $1 AND seal = $2 AND body::text = $10`,
        values,
      );
      return result.rowCount === 1;
    } catch (error) {
      // As for `update`: still the expected record, it did not apply; anything else is in doubt.
      if (mayHaveCommitted(postgresFailure(error))) {
        const current = await this.#stored(id).catch(() => null);
        if (current === undefined || (current?.seal === expected.seal && current.body === expectedJson)) return false;
      }
      throw this.#failed(id, `update approval ${id}`, error);
    }
  }

  /** Ends the pool if the store opened it from a connection string; a pool you gave stays open. */
  async close(): Promise<void> {
    await this.#db.close();
  }

  async #stored(id: string): Promise<{ seal: string; body: string } | undefined> {
    const result = await this.#db.query<{ seal: string; body: string }>(
      `SELECT seal, body::text AS body FROM ${this.#table} WHERE id = $1`,
      [id],
    );
    return result.rows[0];
  }

  #where(): string {
    return `PostgreSQL (${this.#table})`;
  }

  #failed(id: string, what: string, error: unknown): BraneError {
    if (error instanceof BraneError) return error;
    const failure = postgresFailure(error);
    return new ApprovalError('APPROVAL_STORE_FAILED', id, `Could not ${what} in ${this.#where()}: ${failure.summary}`, {
      cause: error,
      details: { kind: failure.kind, sqlState: failure.sqlState },
    });
  }
}
