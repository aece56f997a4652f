import type { Limit } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';
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
import { luaScript as script, runScriptWithin, type LuaScript as Script } from './luaScript.js';
import { RELEASE, RENEW, RESERVE, USAGE } from './luaScripts.js';
import type { RedisScriptClient } from './RedisScriptClient.js';

export type { RedisScriptClient } from './RedisScriptClient.js';

/** What {@link RedisLimitStore} is built from. */
export interface RedisLimitStoreOptions {
  /** The client, yours to connect and close: an ioredis `Redis`. */
  readonly client: RedisScriptClient;
  /** Prepended to every Redis key. Default `brane:limit:`. */
  readonly prefix?: string | undefined;
  /** A command not answered within this many ms fails (and the call is denied, unless it fails open). Default 5,000. */
  readonly timeoutMs?: number | undefined;
}

const SCRIPTS = { reserve: script(RESERVE), release: script(RELEASE), renew: script(RENEW), usage: script(USAGE) };

/**
 * Limits shared by every process that uses the same Redis: each reservation is one Lua script, so checking
 * and reserving every limit of an action is atomic and takes one round trip. Windows slide on the Redis
 * server's clock. A process that dies holding a `concurrent` slot loses it when its lease runs out.
 *
 * Failures (a rejected command, no answer within `timeoutMs`) reject with a `BraneError` `LIMIT_STORE_FAILED`, the
 * client's error as `cause`; the runtime then denies, unless every limit says `onStoreError: 'allow'`.
 *
 * @example
 * import Redis from 'ioredis';
 * const runtime = new Runtime({ limits: new RedisLimitStore({ client: new Redis(process.env.REDIS_URL) }) });
 */
export class RedisLimitStore implements AsyncLimitStore {
  readonly synchronous = false;
  readonly #client: RedisScriptClient;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(options: RedisLimitStoreOptions) {
    const client: unknown = options.client;
    const { prefix = 'brane:limit:', timeoutMs = 5_000 } = options;
    if (typeof client !== 'object' || client === null || typeof (client as RedisScriptClient).evalsha !== 'function') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `new RedisLimitStore: \`client\` must be a Redis client such as ioredis (got ${describeValue(client)})`,
      );
    }
    if (typeof prefix !== 'string') {
      throw new BraneError(
        'INVALID_OPTIONS',
        `new RedisLimitStore: \`prefix\` must be a string (got ${describeValue(prefix)})`,
      );
    }
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
      throw new BraneError(
        'INVALID_OPTIONS',
        `new RedisLimitStore: \`timeoutMs\` must be a positive whole number (got ${describeValue(timeoutMs)})`,
      );
    }
    this.#client = options.client;
    this.#prefix = prefix;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Reserves `limits` for action `id`, all or none.
   *
   * @throws BraneError `INVALID_ARGUMENT` when `id` is not an action id (see `checkReservationId`), or still holds a
   * reservation under one of the limits' keys.
   */
  async reserve(id: string, limits: readonly Limit[]): Promise<ReservationResult> {
    checkReservationId(id, 'RedisLimitStore.reserve');
    const token = newReservationToken(); // hexadecimal: no `|`, on which the scripts split members
    const args: (string | number)[] = [id, token];
    for (const limit of limits) {
      args.push(String(limit.cost), String(limit.max), (limit.windowMs ?? limit.leaseMs) as number, limit.kind);
    }
    const reply = (await this.#run(SCRIPTS.reserve, this.#keys(limits.map((limit) => limit.key)), args)) as unknown[];
    if (reply[0] === 2) throw idInUse('RedisLimitStore.reserve', id, (limits[Number(reply[1]) - 1] as Limit).key);
    if (reply[0] === 0) {
      const limit = limits[Number(reply[1]) - 1] as Limit;
      const retry = Number(reply[3]);
      return { granted: false, refusal: refusalFor(limit, Number(reply[2]), retry < 0 ? undefined : retry) };
    }
    const grants = limits.map((limit, i) => ({
      key: limit.key,
      cost: limit.cost,
      max: limit.max,
      remaining: Math.max(0, limit.max - Number(reply[2 + i])),
    }));
    return { granted: true, reservation: { id, limits, grants, at: Number(reply[1]), token } };
  }

  async release(reservation: Reservation, indices: readonly number[]): Promise<void> {
    const chosen = indices.filter((i) => reservation.limits[i] !== undefined);
    if (chosen.length === 0) return;
    const args = chosen.flatMap((i) => [member(reservation, i), String((reservation.limits[i] as Limit).cost)]);
    await this.#run(SCRIPTS.release, this.#keys(chosen.map((i) => (reservation.limits[i] as Limit).key)), args);
  }

  async renew(reservation: Reservation): Promise<void> {
    const slots = reservation.limits.flatMap((limit, i) => (limit.kind === 'concurrent' ? [i] : []));
    if (slots.length === 0) return;
    const args = slots.flatMap((i) => [member(reservation, i), (reservation.limits[i] as Limit).leaseMs as number]);
    await this.#run(SCRIPTS.renew, this.#keys(slots.map((i) => (reservation.limits[i] as Limit).key)), args);
  }

  async usage(key: string): Promise<LimitUsage | undefined> {
    const reply = (await this.#run(SCRIPTS.usage, this.#keys([key]), [])) as (string | null)[];
    if (reply.length === 0) return undefined;
    const used = Number(reply[0] ?? 0);
    const max = Number(reply[1] ?? 0);
    return { key, used, max, remaining: Math.max(0, max - used) };
  }

  /** The sorted set and the hash of each key. */
  #keys(keys: readonly string[]): string[] {
    return keys.flatMap((key) => [`${this.#prefix}z:${key}`, `${this.#prefix}h:${key}`]);
  }

  /** Runs a script within the timeout; any failure is a `LIMIT_STORE_FAILED`. */
  async #run(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await runScriptWithin(this.#client, script, keys, args, this.#timeoutMs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : describeValue(error);
      throw new BraneError('LIMIT_STORE_FAILED', `RedisLimitStore: the limit store failed: ${reason}`, {
        cause: error,
      });
    }
  }
}

/**
 * The entry of limit `i` of `reservation` in its sorted set (the scripts count limits from 1), with the reservation's
 * token: only this reservation's entry is named, never a later one's under the same id.
 */
function member(reservation: Reservation, i: number): string {
  const { token } = reservation;
  const index = token === undefined ? String(i + 1) : `${i + 1}:${token}`;
  return `${reservation.id}|${index}|${String((reservation.limits[i] as Limit).cost)}`;
}
