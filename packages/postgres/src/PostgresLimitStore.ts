import type { Limit } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import {
  checkReservationId,
  idInUse,
  newReservationToken,
  refusalFor,
  type AsyncLimitStore,
  type LimitUsage,
  type Reservation,
  type ReservationResult,
} from '@brane/limits';
import { PostgresConnection } from './PostgresConnection.js';
import type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
import { postgresFailure } from './postgresFailure.js';

/** Options of a {@link PostgresLimitStore}: where its tables are (see `PostgresConnectionOptions`). */
export type PostgresLimitStoreOptions = PostgresConnectionOptions;

interface ReserveRow {
  readonly granted: boolean;
  readonly at_ms: string;
  readonly refused: number;
  readonly used: number[];
  readonly retry_ms: string | null;
}

const NOW_MS = 'floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
/** The SQLSTATE `reserve_limits` raises for an id that still holds a reservation (migration `0006_limit_ids`). */
const ID_IN_USE = 'BR001';

/**
 * Limits shared by every process that opens the same database and schema. A reservation is one statement
 * (the `reserve_limits` function of migrations `0002_limits`, `0006_limit_ids` and `0007_limit_tokens`): it locks the
 * action's keys in order, checks every limit and reserves all of them or none. Each entry carries the reservation's
 * token, and release and renew touch only the entries carrying theirs. Windows slide on the database server's clock. A process that
 * dies holding a `concurrent` slot loses it when its lease runs out. Create the tables with `migrate`.
 *
 * Failures reject with a `BraneError` `LIMIT_STORE_FAILED` that names the kind of failure (`details.kind`),
 * with the driver's error as `cause`; the runtime then denies, unless every limit says `onStoreError: 'allow'`.
 *
 * @example
 * await migrate(pool);
 * const runtime = new Runtime({ limits: new PostgresLimitStore({ pool }) });
 */
export class PostgresLimitStore implements AsyncLimitStore {
  readonly synchronous = false;
  readonly #db: PostgresConnection;
  readonly #entries: string;
  readonly #keys: string;
  readonly #reserve: string;

  constructor(options: PostgresLimitStoreOptions) {
    this.#db = new PostgresConnection(options, 'PostgresLimitStore');
    this.#entries = this.#db.table('limit_entries');
    this.#keys = this.#db.table('limit_keys');
    this.#reserve = `${this.#db.quotedSchema}.reserve_limits`;
  }

  /**
   * Reserves `limits` for action `id`, all or none.
   *
   * @throws BraneError `INVALID_ARGUMENT` when `id` is not an action id (see `checkReservationId`), or still holds a
   * reservation under one of the limits' keys.
   */
  async reserve(id: string, limits: readonly Limit[]): Promise<ReservationResult> {
    checkReservationId(id, 'PostgresLimitStore.reserve');
    const token = newReservationToken();
    const refused = (error: unknown): Error | undefined => {
      if (postgresFailure(error).sqlState !== ID_IN_USE) return undefined;
      const limit = limits[Number((error as { detail?: unknown }).detail) - 1];
      return limit === undefined ? undefined : idInUse('PostgresLimitStore.reserve', id, limit.key);
    };
    const { rows } = await this.#query<ReserveRow>(
      `SELECT granted, at_ms, refused, used, retry_ms FROM ${this.#reserve}($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        token,
        limits.map((limit) => limit.key),
        limits.map((limit) => limit.cost),
        limits.map((limit) => limit.max),
        limits.map((limit) => limit.windowMs ?? limit.leaseMs),
        limits.map((limit) => limit.kind),
      ],
      refused,
    );
    const row = rows[0] as ReserveRow;
    if (!row.granted) {
      const limit = limits[row.refused - 1] as Limit;
      const retry = row.retry_ms === null ? undefined : Number(row.retry_ms);
      return { granted: false, refusal: refusalFor(limit, Number(row.used[0]), retry) };
    }
    const grants = limits.map((limit, i) => ({
      key: limit.key,
      cost: limit.cost,
      max: limit.max,
      remaining: Math.max(0, limit.max - Number(row.used[i])),
    }));
    return { granted: true, reservation: { id, limits, grants, at: Number(row.at_ms), token } };
  }

  async release(reservation: Reservation, indices: readonly number[]): Promise<void> {
    const chosen = indices.filter((i) => reservation.limits[i] !== undefined);
    if (chosen.length === 0) return;
    await this.#query(
      `DELETE FROM ${this.#entries} AS e USING unnest($1::text[], $2::text[]) AS r(key, entry) WHERE e.key = r.key AND e.entry = r.entry AND e.token IS NOT DISTINCT FROM $3::text`,
      [
        chosen.map((i) => (reservation.limits[i] as Limit).key),
        chosen.map((i) => entryOf(reservation, i)),
        reservation.token ?? null,
      ],
    );
  }

  async renew(reservation: Reservation): Promise<void> {
    const slots = reservation.limits.flatMap((limit, i) => (limit.kind === 'concurrent' ? [i] : []));
    if (slots.length === 0) return;
    await this.#query(
      `UPDATE ${this.#entries} AS e SET expires_ms = ${NOW_MS} + r.lease FROM unnest($1::text[], $2::text[], $3::bigint[]) AS r(key, entry, lease) WHERE e.key = r.key AND e.entry = r.entry AND e.token IS NOT DISTINCT FROM $4::text AND e.expires_ms > ${NOW_MS}`,
      [
        slots.map((i) => (reservation.limits[i] as Limit).key),
        slots.map((i) => entryOf(reservation, i)),
        slots.map((i) => (reservation.limits[i] as Limit).leaseMs),
        reservation.token ?? null,
      ],
    );
  }

  async usage(key: string): Promise<LimitUsage | undefined> {
    const { rows } = await this.#query<{ used: number | null; max: number | null }>(
      `SELECT (SELECT sum(cost) FROM ${this.#entries} WHERE key = $1 AND expires_ms > ${NOW_MS}) AS used, (SELECT max FROM ${this.#keys} WHERE key = $1) AS max`,
      [key],
    );
    const row = rows[0];
    if (row?.used === null || row?.used === undefined || row.max === null) return undefined;
    const used = row.used;
    return { key, used, max: row.max, remaining: Math.max(0, row.max - used) };
  }

  /** Closes the pool when this store opened it from a connection string; a pool it was given is left open. */
  close(): Promise<void> {
    return this.#db.close();
  }

  // The type parameter is the caller's statement of the row's shape, as `PostgresConnection.query` takes it.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  async #query<Row>(
    text: string,
    values: unknown[],
    refused?: (error: unknown) => Error | undefined,
  ): Promise<{ rows: Row[] }> {
    try {
      return await this.#db.query<Row>(text, values);
    } catch (error) {
      const refusal = refused?.(error);
      if (refusal !== undefined) throw refusal;
      const failure = postgresFailure(error);
      throw new BraneError(
        'LIMIT_STORE_FAILED',
        `PostgresLimitStore: the limit store failed (${failure.kind}) in schema ${this.#db.schema}`,
        {
          cause: error,
          details: { kind: failure.kind, sqlState: failure.sqlState },
        },
      );
    }
  }
}

/**
 * The entry of limit `i` of `reservation` (the function counts limits from 1): its row is this reservation's only if it
 * also carries the reservation's token (a later reservation under the same id names its entries alike).
 */
function entryOf(reservation: Reservation, i: number): string {
  return `${reservation.id}|${i + 1}`;
}
