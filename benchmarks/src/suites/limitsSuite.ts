import { validateLimit, type Limit } from '@brane/decisions';
import type { AsyncLimitStore } from '@brane/limits';
import { migrate, PostgresLimitStore } from '@brane/postgres';
import { RedisLimitStore } from '@brane/redis';
import { Capability, Decision, Runtime } from '@brane/sdk';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openBenchDatabase } from '../fleet/benchDatabase.js';
import { benchEach, type BenchOptions, type Measurement } from '../measure.js';

/** Reservations in flight at once on Redis, and workers on PostgreSQL. */
export const REDIS_IN_FLIGHT = 64;
export const POSTGRES_WORKERS = 8;

/** A reservation rate on a shared store, or why it was not measured. */
export type ReservationRate =
  | { readonly ran: true; readonly perSecond: number; readonly reservations: number; readonly where: string }
  | { readonly ran: false; readonly reason: string };

/** What one in-memory `count` limit adds to a governed sync call: time over, and the ratio of the two times. */
export interface LimitCost {
  /** Mean time with the limit minus mean time without, in nanoseconds. */
  readonly overheadNs: number;
  /** The same for the medians, less moved by a slow sample on a shared machine. */
  readonly p50OverheadNs: number;
  /** Mean time with the limit over mean time without. */
  readonly ratio: number;
  /**
   * The same pair timed in this process's CPU time (`process.cpuUsage`, best of interleaved rounds): on a shared
   * machine, wall time also counts the time other processes held the cores, and a call that allocates more
   * waits longer for its garbage collector's threads; CPU time does not.
   */
  readonly cpu: { readonly unlimitedNs: number; readonly limitedNs: number; readonly overheadNs: number };
}

/** Nanoseconds of this process's CPU time per call of `fn`, over `calls` calls. */
function cpuTimePerCall(fn: () => unknown, calls: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) fn();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / calls;
}

/** {@link cpuTimePerCall} of two calls, interleaved over `rounds`, each keeping its best round. */
function cpuTimes(a: () => unknown, b: () => unknown, calls: number, rounds: number): [number, number] {
  let bestA = Infinity;
  let bestB = Infinity;
  for (let round = 0; round < rounds; round++) {
    bestA = Math.min(bestA, cpuTimePerCall(a, calls));
    bestB = Math.min(bestB, cpuTimePerCall(b, calls));
  }
  return [bestA, bestB];
}

/** The limits benchmarks. */
export interface LimitsResults {
  /** A governed sync call whose one policy allows, without and with one in-memory `count` limit. */
  readonly unlimited: Measurement;
  readonly limited: Measurement;
  /** What the limit adds, from the two measurements of this run (interleaved, so under the same load). */
  readonly limitCost: LimitCost;
  readonly redis: ReservationRate;
  readonly postgres: ReservationRate;
}

class Mailer {
  @Capability({ name: 'send_plain', risk: 'low' })
  sendPlain(to: string): string {
    return to;
  }

  @Capability({ name: 'send_limited', risk: 'low' })
  sendLimited(to: string): string {
    return to;
  }
}

/** Keeps `inFlight` reservations going on `store` for `durationMs`; returns how many were made a second. */
async function reservationRate(store: AsyncLimitStore, inFlight: number, durationMs: number): Promise<number> {
  // A window of a second keeps the key's entries bounded; the max is never reached, so every reservation writes.
  const limit: Limit = validateLimit({ key: `bench:${Date.now()}`, max: 1e12, per: '1s' });
  let made = 0;
  let id = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const result = await store.reserve(`r${id++}`, [limit]);
        if (!result.granted) throw new Error('the benchmark limit refused a reservation');
        made++;
      }
    }),
  );
  return made / ((performance.now() - started) / 1000);
}

async function redisRate(durationMs: number): Promise<ReservationRate> {
  const url = process.env['BRANE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    return { ran: false, reason: `no Redis answered at ${url} (${(error as Error).message})` };
  }
  try {
    const store = new RedisLimitStore({ client, prefix: 'brane:bench:' });
    await reservationRate(store, REDIS_IN_FLIGHT, 200); // loads the script, warms the connection
    const perSecond = await reservationRate(store, REDIS_IN_FLIGHT, durationMs);
    return {
      ran: true,
      perSecond,
      reservations: Math.round((perSecond * durationMs) / 1000),
      where: new URL(url).host,
    };
  } finally {
    await client.quit();
  }
}

async function postgresRate(durationMs: number): Promise<ReservationRate> {
  const database = await openBenchDatabase();
  if ('unreachable' in database) return { ran: false, reason: database.unreachable };
  const pool = new pg.Pool({ connectionString: database.url, max: POSTGRES_WORKERS });
  try {
    await migrate(pool, { schema: database.schema });
    const store = new PostgresLimitStore({ pool, schema: database.schema });
    await reservationRate(store, POSTGRES_WORKERS, 200);
    const perSecond = await reservationRate(store, POSTGRES_WORKERS, durationMs);
    return { ran: true, perSecond, reservations: Math.round((perSecond * durationMs) / 1000), where: database.host };
  } finally {
    await pool.end();
    await database.drop();
  }
}

/**
 * The cost of a limit: a governed sync call whose one policy allows, beside the same call whose policy also
 * attaches one in-memory `count` limit (made and checked on every call, as a policy would); then reservations
 * a second on Redis with {@link REDIS_IN_FLIGHT} in flight, and on PostgreSQL with {@link POSTGRES_WORKERS} workers.
 */
export async function limitsSuite(options: BenchOptions): Promise<LimitsResults> {
  const runtime = new Runtime();
  runtime.beforeCapability('send_plain', { name: 'plain' }, () => Decision.allow());
  runtime.beforeCapability('send_limited', { name: 'rate' }, () =>
    Decision.allow().withLimits({ key: 'emails:bench', max: 1e12, per: '1s' }),
  );
  const mailer = runtime.govern(new Mailer());
  const [unlimited, limited] = (await benchEach(
    [
      { name: 'governed sync call without a limit (one policy)', fn: () => mailer.sendPlain('a') },
      { name: 'governed sync call with one in-memory count limit', fn: () => mailer.sendLimited('a') },
    ],
    options,
  )) as [Measurement, Measurement];
  const durationMs = options.quick ? 300 : 5_000;
  const [cpuUnlimited, cpuLimited] = cpuTimes(
    () => mailer.sendPlain('a'),
    () => mailer.sendLimited('a'),
    options.quick ? 1_000 : 200_000,
    options.quick ? 1 : 5,
  );
  const limitCost = {
    overheadNs: limited.avgNs - unlimited.avgNs,
    p50OverheadNs: limited.p50Ns - unlimited.p50Ns,
    ratio: limited.avgNs / unlimited.avgNs,
    cpu: { unlimitedNs: cpuUnlimited, limitedNs: cpuLimited, overheadNs: cpuLimited - cpuUnlimited },
  };
  return {
    unlimited,
    limited,
    limitCost,
    redis: await redisRate(durationMs),
    postgres: await postgresRate(durationMs),
  };
}

/**
 * One result of several processes: the two calls, and what the limit costs, from the one process whose cost is
 * the median (the two calls of one process were measured interleaved, under the same load; a minimum of each
 * across processes would mix loads); the highest reservation rate of each store.
 */
export function pickLimits(runs: readonly LimitsResults[]): LimitsResults {
  const sorted = [...runs].sort((a, b) => a.limitCost.overheadNs - b.limitCost.overheadNs);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (median === undefined) throw new Error('no limits benchmark ran');
  const fastest = (pick: (run: LimitsResults) => ReservationRate): ReservationRate =>
    runs.map(pick).reduce((best, next) => (next.ran && (!best.ran || next.perSecond > best.perSecond) ? next : best));
  return { ...median, redis: fastest((run) => run.redis), postgres: fastest((run) => run.postgres) };
}
