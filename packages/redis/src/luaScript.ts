import { createHash } from 'node:crypto';
import type { RedisScriptClient } from './RedisScriptClient.js';

/** A Lua script and its SHA-1, as `EVALSHA` names it. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/** Names a Lua script by its SHA-1. */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs `script` with `EVALSHA`, and with `EVAL` once when the server does not have it (`NOSCRIPT`: a restarted
 * or flushed server). Any other failure rejects as the client rejected.
 */
export async function runScript(
  client: RedisScriptClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  }
}

/**
 * {@link runScript}, rejecting with `no answer within <timeoutMs> ms` when the server has not answered by then (a
 * paused or unreachable server, a client queueing commands while it reconnects): a caller never waits longer.
 */
export async function runScriptWithin(
  client: RedisScriptClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
  timeoutMs: number,
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([runScript(client, script, keys, args), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
