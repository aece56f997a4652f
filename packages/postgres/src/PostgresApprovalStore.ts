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
import {
  batchable,
  createManyStatement,
  createParams,
  updateManyStatement,
  updateParams,
  writeManyStatement,
} from './approvalBatchStatements.js';
import { GroupCommit } from './GroupCommit.js';
import { listStatement } from './listStatement.js';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
import { mayHaveCommitted, postgresFailure } from './postgresFailure.js';

type Columns = ReturnType<typeof approvalColumns>;
/** A create: id, seal, body and the columns. */
interface CreateOp {
  readonly kind: 'create';
  readonly key: string;
  readonly values: readonly [string, string, string, ...Columns];
}
/** id, expected seal, seal, body, the columns, and the expected body (`replace`) or null (`update`). */
type UpdateValues = readonly [string, string, string, string, ...Columns, string | null];
/** A compare-and-set. */
interface UpdateOp {
  readonly kind: 'update';
  readonly key: string;
  readonly values: UpdateValues;
}
/** A write of a batch: a create resolves `true`, a compare-and-set whether it changed the row. */
type WriteOp = CreateOp | UpdateOp;

/** Options of a {@link PostgresApprovalStore}: where its table is (see `PostgresConnectionOptions`). */
export type PostgresApprovalStoreOptions = PostgresConnectionOptions;

/**
 * An {@link ApprovalStore} on PostgreSQL, for a fleet: every process that opens the same database and schema
 * shares the approvals. Records live in `<schema>.approvals` (create it with `migrate`), the sealed record as
 * JSON, with the fields `list` filters on copied to indexed columns. Every transition is a compare-and-set,
 * `UPDATE … WHERE id = $1 AND seal = $2`: of any number of concurrent claims, in any number of processes,
 * exactly one changes the row.
 *
 * Writes are group-committed: those submitted in one turn of the event loop (or while two statements are in
 * flight) go together, creates and compare-and-sets alike, in a single statement (an `unnest` of arrays for each
 * kind) and a single commit, so that concurrent workers share commits (see `GroupCommit`). Each caller still gets its own answer: a compare-and-set that misses is a miss for that caller
 * only, and a batch that fails without committing (a deadlock with another process's batch, say) is sent again
 * one write at a time.
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
  readonly #writes = new GroupCommit<WriteOp, boolean>((ops) => this.#writeMany(ops));

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
    await this.#writes.submit({ kind: 'create', key: id, values: [id, seal, json, ...approvalColumns(record)] });
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
    const values: UpdateValues = [id, expectedSeal, seal, json, ...approvalColumns(next), null];
    return this.#writes.submit({ kind: 'update', key: id, values });
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
    const values: UpdateValues = [id, expected.seal, seal, json, ...approvalColumns(next), expectedJson];
    return this.#writes.submit({ kind: 'update', key: id, values });
  }

  /** Ends the pool if the store opened it from a connection string; a pool you gave stays open. */
  async close(): Promise<void> {
    await this.#db.close();
  }

  /**
   * Writes a batch: alone, the single-row statement; together, one statement (creates, compare-and-sets, or both
   * in one, so that they share a commit; see `approvalBatchStatements`). A create of an id that exists fails for its
   * caller only. A body with a raw newline, which canonical JSON never has, could not be split again: then each
   * write goes alone.
   */
  async #writeMany(ops: readonly WriteOp[]): Promise<PromiseSettledResult<boolean>[]> {
    const creates = ops.filter((op): op is CreateOp => op.kind === 'create').map((op) => op.values);
    const updates = ops.filter((op): op is UpdateOp => op.kind === 'update').map((op) => op.values);
    if (ops.length === 1 || !batchable(creates, 2) || !batchable(updates, 3)) {
      return Promise.allSettled(ops.map((op) => this.#writeOne(op)));
    }
    let written: Set<string>;
    try {
      const { rows } = await this.#db.query<{ id: string }>(
        updates.length === 0
          ? createManyStatement(this.#table)
          : creates.length === 0
            ? updateManyStatement(this.#table)
            : writeManyStatement(this.#table),
        [
          ...(creates.length === 0 ? [] : createParams(creates)),
          ...(updates.length === 0 ? [] : updateParams(updates)),
        ],
      );
      written = new Set(rows.map((row) => row.id));
    } catch (error) {
      // Not committed (a deadlock with another process's batch, say): each goes again alone. Perhaps committed:
      // each is checked as a lost single answer is.
      const inDoubt = mayHaveCommitted(postgresFailure(error));
      return Promise.allSettled(ops.map((op) => (inDoubt ? this.#writeFailed(op, error) : this.#writeOne(op))));
    }
    return ops.map((op): PromiseSettledResult<boolean> => {
      if (op.kind === 'update') return { status: 'fulfilled', value: written.has(op.key) };
      return written.has(op.key)
        ? { status: 'fulfilled', value: true }
        : { status: 'rejected', reason: this.#exists(op.key) };
    });
  }

  async #writeOne(op: WriteOp): Promise<boolean> {
    if (op.kind === 'update') return this.#updateOne(op);
    await this.#createOne(op);
    return true;
  }

  async #writeFailed(op: WriteOp, error: unknown): Promise<boolean> {
    if (op.kind === 'update') return this.#updateFailed(op, error);
    await this.#createFailed(op, error);
    return true;
  }

  async #createOne(op: CreateOp): Promise<void> {
    try {
      await this.#db.query(
        `INSERT INTO ${this.#table} (id, seal, body, status, capability, tenant_id, requested_ms, expires_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [...op.values],
      );
    } catch (error) {
      await this.#createFailed(op, error);
    }
  }

  /** A create that failed with `error`: succeeds if its answer was lost and the row holds exactly what it wrote. */
  async #createFailed(op: CreateOp, error: unknown): Promise<void> {
    const id = op.key;
    const failure = postgresFailure(error);
    if (failure.kind === 'constraint' && failure.sqlState === '23505') throw this.#exists(id, error);
    // The answer was lost: the row may be there. It is ours if it holds exactly what we wrote (ids are unique).
    if (mayHaveCommitted(failure) && (await this.#stored(id).catch(() => undefined))?.body === op.values[2]) return;
    throw this.#failed(id, `create approval ${id}`, error);
  }

  async #updateOne(op: UpdateOp): Promise<boolean> {
    const [id, expectedSeal, seal, json, status, capability, tenantId, requestedMs, expiresMs, expectedJson] =
      op.values;
    const values = [id, expectedSeal, seal, json, status, capability, tenantId, requestedMs, expiresMs];
    try {
      const result = await this.#db.query(
        `UPDATE ${this.#table} SET seal = $3, body = $4, status = $5, capability = $6, tenant_id = $7, requested_ms = $8, expires_ms = $9 WHERE id = $1 AND seal = $2${expectedJson === null ? '' : ' AND body::text = $10'}`,
        expectedJson === null ? values : [...values, expectedJson],
      );
      return result.rowCount === 1;
    } catch (error) {
      return this.#updateFailed(op, error);
    }
  }

  /**
   * An update that failed with `error`. If its answer was lost and the row still holds the expected record, it did
   * not apply (and if it applies later, the next compare-and-set fails). Anything else is in doubt, even our own
   * seal (a concurrent writer can seal the same record identically), so it is reported as a failure, never as a
   * success.
   */
  async #updateFailed(op: UpdateOp, error: unknown): Promise<boolean> {
    const [id, expectedSeal, , , , , , , , expectedJson] = op.values;
    if (mayHaveCommitted(postgresFailure(error))) {
      const current = await this.#stored(id).catch(() => null);
      if (current === undefined) return false;
      if (current?.seal === expectedSeal && (expectedJson === null || current.body === expectedJson)) return false;
    }
    throw this.#failed(id, `update approval ${id}`, error);
  }

  #exists(id: string, cause?: unknown): ApprovalError {
    return new ApprovalError('APPROVAL_STORE_FAILED', id, `Approval ${id} already exists in ${this.#where()}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { kind: 'constraint', sqlState: '23505' },
    });
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
