/** What the Redis stores need of a Redis client: `EVALSHA` and `EVAL`, as an ioredis `Redis` has them. */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}
