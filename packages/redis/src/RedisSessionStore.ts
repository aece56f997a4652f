import { BraneError, describeValue } from '@brane/errors';
import {
  ALL_KEY,
  SessionState,
  capabilityKey,
  checkSessionId,
  labelKey,
  parseSessionLimits,
  type SessionLimits,
  type SessionRecord,
  type SessionStateJSON,
  type SessionStore,
} from '@brane/sessions';
import { luaScript, runScriptWithin } from './luaScript.js';
import type { RedisScriptClient } from './RedisScriptClient.js';
import { APPEND, LOAD, SESSION_KEYS } from './sessionScripts.js';

/** What {@link RedisSessionStore} is built from: the client, where its keys go, the limits, the clock (tests). */
export interface RedisSessionStoreOptions extends Partial<SessionLimits> {
  /** The client, yours to connect and close: an ioredis `Redis`. */
  readonly client: RedisScriptClient;
  /** Prepended to every Redis key. Default `brane:session:`. */
  readonly prefix?: string | undefined;
  /** A command not answered within this many ms fails (and the call is denied). Default 5,000. */
  readonly timeoutMs?: number | undefined;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

const SCRIPTS = { append: luaScript(APPEND), load: luaScript(LOAD) };
const MINUTE = 60_000;

/**
 * A {@link SessionStore} on Redis, for a fleet: every process that uses the same Redis and prefix shares the
 * sessions. Each append and each load is one Lua script (atomic, one round trip); a session's labels and
 * counters are kept in keys of their own, apart from its bounded entry list, so trimming entries never forgets
 * a label or a count. A load reads only the fingerprints of the call's arguments. Every key of a session expires
 * after its time to live. Asynchronous: a runtime using it refuses synchronous capabilities, and needs
 * `sessions.secret` (the same in every process).
 *
 * Failures (a rejected command, no answer within `timeoutMs`) reject with a `BraneError` `SESSION_STORE_FAILED`,
 * the client's error as `cause`; the runtime then denies the call (fail closed).
 *
 * @example
 * import { Redis } from 'ioredis';
 * const sessions = new RedisSessionStore({ client: new Redis(process.env.REDIS_URL) });
 * const runtime = new Runtime({ sessions: { store: sessions, secret: process.env.BRANE_SESSION_SECRET } });
 */
export class RedisSessionStore implements SessionStore {
  readonly synchronous = false;
  readonly limits: SessionLimits;
  readonly #client: RedisScriptClient;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(options: RedisSessionStoreOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new BraneError(
        'INVALID_OPTIONS',
        `new RedisSessionStore: expected options (got ${describeValue(options)})`,
      );
    }
    const { client, prefix = 'brane:session:', timeoutMs = 5_000, now = Date.now, ...limits } = options;
    const where = 'new RedisSessionStore';
    if (typeof client !== 'object' || client === null || typeof client.evalsha !== 'function') {
      throw new BraneError(
        'INVALID_OPTIONS',
        `${where}: \`client\` must be a Redis client such as ioredis (got ${describeValue(client)})`,
      );
    }
    if (typeof prefix !== 'string') {
      throw new BraneError('INVALID_OPTIONS', `${where}: \`prefix\` must be a string (got ${describeValue(prefix)})`);
    }
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
      throw new BraneError(
        'INVALID_OPTIONS',
        `${where}: \`timeoutMs\` must be a positive whole number (got ${describeValue(timeoutMs)})`,
      );
    }
    if (typeof now !== 'function') {
      throw new BraneError('INVALID_OPTIONS', `${where}: \`now\` must be a function (got ${describeValue(now)})`);
    }
    this.limits = parseSessionLimits(limits, where);
    this.#client = client;
    this.#prefix = prefix;
    this.#timeoutMs = timeoutMs;
    this.#now = now;
  }

  async load(sessionId: string, fingerprints?: ReadonlySet<string>): Promise<SessionState | undefined> {
    const asked = fingerprints === undefined ? [] : [...fingerprints];
    const reply = (await this.#run(SCRIPTS.load, sessionId, asked, `read session ${sessionId}`)) as unknown[];
    if (reply.length === 0) return undefined;
    const [meta, entries, labels, counters, found] = reply as [string[], string[], string[], string[], unknown[]];
    const fields = pairs(meta);
    const updatedAt = Number(fields.get('updated'));
    if (this.#now() - updatedAt >= this.limits.ttlMs) return undefined;
    const json: SessionStateJSON = {
      v: 1,
      startedAt: Number(fields.get('started')),
      updatedAt,
      entries: entries.map((text) => JSON.parse(text) as SessionRecord['entry']),
      droppedEntries: Number(fields.get('dropped_entries') ?? 0),
      labels,
      counters: countersOf(counters),
      fingerprints: asked.flatMap((fingerprint, i) => {
        const known = found[i];
        return typeof known === 'string' ? [[fingerprint, JSON.parse(known) as string[]] as const] : [];
      }),
      droppedFingerprints: Number(fields.get('dropped_fingerprints') ?? 0),
    };
    return SessionState.fromJSON(json);
  }

  async append(sessionId: string, { entry, fingerprints }: SessionRecord): Promise<void> {
    const { ttlMs, maxEntries, maxFingerprints, countWindowMs } = this.limits;
    const succeeded = entry.outcome === 'succeeded';
    const counterKeys = succeeded ? [ALL_KEY, capabilityKey(entry.capability), ...entry.labels.map(labelKey)] : [];
    const args: (string | number)[] = [
      this.#now(),
      ttlMs,
      maxEntries,
      maxFingerprints,
      countWindowMs,
      JSON.stringify(entry),
      succeeded ? '1' : '0',
      Math.floor(entry.at / MINUTE),
      entry.labels.length,
      ...entry.labels,
      counterKeys.length,
      ...counterKeys,
      JSON.stringify([...entry.labels].sort()),
      ...(succeeded ? fingerprints : []),
    ];
    await this.#run(SCRIPTS.append, sessionId, args, `record an action of session ${sessionId}`);
  }

  /** Runs a script over the keys of `sessionId`, within the timeout; any failure is a `SESSION_STORE_FAILED`. */
  async #run(
    script: typeof SCRIPTS.load,
    sessionId: string,
    args: readonly (string | number)[],
    what: string,
  ): Promise<unknown> {
    checkSessionId(sessionId, 'RedisSessionStore');
    const tag = `${this.#prefix}{${sessionId}}:`;
    const keys = SESSION_KEYS.map((key) => tag + key);
    try {
      return await runScriptWithin(this.#client, script, keys, args, this.#timeoutMs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : describeValue(error);
      throw new BraneError('SESSION_STORE_FAILED', `RedisSessionStore could not ${what}: ${reason}`, {
        cause: error,
      });
    }
  }
}

/** A flat `[field, value, ...]` reply as a map. */
function pairs(flat: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i] as string, flat[i + 1] as string);
  return map;
}

/** The counters hash (`t|key` totals, `m|minute|key` buckets) in the JSON form of a session state. */
function countersOf(flat: readonly string[]): SessionStateJSON['counters'] {
  const counters = new Map<string, [number, [number, number][]]>();
  const counter = (key: string) => {
    let found = counters.get(key);
    if (found === undefined) counters.set(key, (found = [0, []]));
    return found;
  };
  for (const [field, value] of pairs(flat)) {
    if (field.startsWith('t|')) counter(field.slice(2))[0] = Number(value);
    else {
      const bar = field.indexOf('|', 2);
      counter(field.slice(bar + 1))[1].push([Number(field.slice(2, bar)), Number(value)]);
    }
  }
  for (const [, [, minutes]] of counters) minutes.sort((a, b) => a[0] - b[0]);
  return Object.fromEntries(counters);
}
