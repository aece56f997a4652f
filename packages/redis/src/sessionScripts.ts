/**
 * The Lua scripts of {@link RedisSessionStore}. A session is seven keys, all under one hash tag (one cluster slot):
 *
 * - `m` a hash: `started`, `updated` (ms), `dropped_entries`, `dropped_fingerprints`, `seq` (fingerprints numbered);
 * - `e` a list of entries (JSON), oldest first, trimmed to `maxEntries`;
 * - `l` a set: every label the session held (never trimmed);
 * - `c` a hash of counters: `t|<key>` the total, `m|<minute>|<key>` the actions of one minute;
 * - `b` a sorted set of the minute buckets (`<minute>|<key>`, scored by minute), to drop those past the count window;
 * - `f` a hash: fingerprint → its labels (a sorted JSON array);
 * - `o` a sorted set: fingerprint scored by when it was first seen, to drop the oldest past `maxFingerprints`.
 *
 * Time comes from the caller (`ARGV[1]`), as the other stores read it, so every store can be tested on one clock.
 */

/** The order of the keys each script takes. */
export const SESSION_KEYS = ['m', 'e', 'l', 'c', 'b', 'f', 'o'] as const;

/**
 * ARGV: now, ttlMs, maxEntries, maxFingerprints, countWindowMs, entry (JSON), succeeded (`1`/`0`), minute,
 * then the number of labels and the labels, the number of counter keys and the keys, the labels as a JSON array,
 * and the fingerprints. Applies one action to the session, starting it afresh when it was idle for `ttlMs`.
 */
export const APPEND = `
local m, e, l, c, b, f, o = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local maxEntries, maxFingerprints, countWindow = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local updated = redis.call('HGET', m, 'updated')
if updated and now - tonumber(updated) >= ttl then
  redis.call('DEL', m, e, l, c, b, f, o)
  updated = false
end
if not updated then
  redis.call('HSET', m, 'started', now, 'dropped_entries', 0, 'dropped_fingerprints', 0, 'seq', 0)
end
redis.call('HSET', m, 'updated', now)
local length = redis.call('RPUSH', e, ARGV[6])
if length > maxEntries then
  redis.call('LTRIM', e, length - maxEntries, -1)
  redis.call('HINCRBY', m, 'dropped_entries', length - maxEntries)
end
if ARGV[7] == '1' then
  local minute = tonumber(ARGV[8])
  local oldest = math.floor((now - countWindow) / 60000)
  local stale = redis.call('ZRANGEBYSCORE', b, '-inf', '(' .. oldest)
  for _, bucket in ipairs(stale) do redis.call('HDEL', c, 'm|' .. bucket) end
  if #stale > 0 then redis.call('ZREMRANGEBYSCORE', b, '-inf', '(' .. oldest) end
  local i = 9
  local nLabels = tonumber(ARGV[i])
  for j = i + 1, i + nLabels do redis.call('SADD', l, ARGV[j]) end
  i = i + nLabels + 1
  local nCounters = tonumber(ARGV[i])
  for j = i + 1, i + nCounters do
    local bucket = minute .. '|' .. ARGV[j]
    redis.call('HINCRBY', c, 't|' .. ARGV[j], 1)
    redis.call('HINCRBY', c, 'm|' .. bucket, 1)
    redis.call('ZADD', b, minute, bucket)
  end
  i = i + nCounters + 1
  if #ARGV > i then
    local labels = ARGV[i]
    local mine = cjson.decode(labels)
    local seq = tonumber(redis.call('HGET', m, 'seq'))
    for j = i + 1, #ARGV do
      local fingerprint = ARGV[j]
      local known = redis.call('HGET', f, fingerprint)
      if known then
        local union, seen = {}, {}
        for _, label in ipairs(cjson.decode(known)) do if not seen[label] then seen[label] = true union[#union + 1] = label end end
        for _, label in ipairs(mine) do if not seen[label] then seen[label] = true union[#union + 1] = label end end
        table.sort(union)
        redis.call('HSET', f, fingerprint, #union == 0 and '[]' or cjson.encode(union))
      else
        seq = seq + 1
        redis.call('ZADD', o, seq, fingerprint)
        redis.call('HSET', f, fingerprint, labels)
      end
    end
    redis.call('HSET', m, 'seq', seq)
    local over = redis.call('ZCARD', o) - maxFingerprints
    if over > 0 then
      local gone = redis.call('ZRANGE', o, 0, over - 1)
      for _, fingerprint in ipairs(gone) do redis.call('HDEL', f, fingerprint) end
      redis.call('ZREMRANGEBYRANK', o, 0, over - 1)
      redis.call('HINCRBY', m, 'dropped_fingerprints', over)
    end
  end
end
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ttl) end
return 1
`;

/**
 * ARGV: the fingerprints asked for. Returns `{}` for no session, else
 * `{meta (flat), entries, labels, counters (flat), labels of each fingerprint asked for (or false)}`, read at once.
 */
export const LOAD = `
local m, e, l, c, f = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[6]
local meta = redis.call('HGETALL', m)
if #meta == 0 then return {} end
local found = {}
for first = 1, #ARGV, 1000 do
  local labels = redis.call('HMGET', f, unpack(ARGV, first, math.min(first + 999, #ARGV)))
  for _, known in ipairs(labels) do found[#found + 1] = known end
end
return {meta, redis.call('LRANGE', e, 0, -1), redis.call('SMEMBERS', l), redis.call('HGETALL', c), found}
`;
