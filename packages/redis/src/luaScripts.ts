/**
 * The Lua scripts of {@link RedisLimitStore}. Each limit has two Redis keys: a sorted set of entries scored by
 * when they expire (member `id|index:token|cost`, the token the reservation's own, so that releasing or renewing an
 * old reservation never touches a later one's entry under the same id; `id|index|cost` before tokens), and a hash with the running total (`used`), the last `max`, and per
 * action id that holds entries in the set, how many (field `id:<id>`), so that a reservation under an id that still
 * holds one is refused in constant time. Every script reads the clock of the Redis server (`TIME`), never the caller's.
 */

/**
 * Shared by every script: the server clock in ms, and dropping a limit's expired entries from its total. The total
 * is kept as a double written with 17 significant digits (`exact`), never with `HINCRBYFLOAT` (which writes 17
 * decimal places, so a cost below 1e-17 added nothing) nor Lua's `tostring` (14 significant digits).
 */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function costOf(member) return tonumber(string.match(member, '([^|]*)$')) end
local function idField(member) return 'id:' .. string.match(member, '^(.*)|[^|]*|[^|]*$') end
local function dropId(h, member)
  local field = idField(member)
  if redis.call('HINCRBY', h, field, -1) <= 0 then redis.call('HDEL', h, field) end
end
local function exact(x) return string.format('%.17g', x) end
local function usedOf(h) return tonumber(redis.call('HGET', h, 'used') or '0') end
local function purge(z, h)
  local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now)
  if #expired == 0 then return end
  redis.call('ZREMRANGEBYSCORE', z, '-inf', now)
  for _, m in ipairs(expired) do dropId(h, m) end
  if redis.call('ZCARD', z) == 0 then
    redis.call('HSET', h, 'used', '0')
  else
    local used = usedOf(h)
    for _, m in ipairs(expired) do used = used - costOf(m) end
    redis.call('HSET', h, 'used', exact(used))
  end
end
local function keepFor(z, h, ms)
  if redis.call('PTTL', z) < ms then
    redis.call('PEXPIRE', z, ms)
    redis.call('PEXPIRE', h, ms)
  end
end
`;

/**
 * KEYS: zset, hash per limit. ARGV: id, token, then per limit: cost, max, window or lease (ms), kind.
 * Returns `{1, now, used...}` when every limit was reserved, `{0, index, used, retryAfterMs or -1}`
 * for the first limit without room, or `{2, index}` for the first whose key the id still holds entries under
 * (nothing reserved in either case).
 */
export const RESERVE = `${PRELUDE}
local id, token = ARGV[1], ARGV[2]
local n = #KEYS / 2
local pending = {}
for i = 1, n do
  local z, h = KEYS[2 * i - 1], KEYS[2 * i]
  purge(z, h)
  if redis.call('HEXISTS', h, 'id:' .. id) == 1 then return {2, i} end
end
for i = 1, n do
  local z, h = KEYS[2 * i - 1], KEYS[2 * i]
  local cost, max, kind = tonumber(ARGV[4 * i - 1]), tonumber(ARGV[4 * i]), ARGV[4 * i + 2]
  local used = usedOf(h) + (pending[z] or 0)
  if used + cost > max then
    local retry = -1
    if kind ~= 'concurrent' and cost <= max then
      local need, freed = used + cost - max, 0
      local entries = redis.call('ZRANGE', z, 0, -1, 'WITHSCORES')
      for j = 1, #entries, 2 do
        freed = freed + costOf(entries[j])
        if freed >= need then retry = tonumber(entries[j + 1]) - now break end
      end
    end
    return {0, i, exact(used), retry}
  end
  pending[z] = (pending[z] or 0) + cost
end
local out = {1, now}
for i = 1, n do
  local z, h = KEYS[2 * i - 1], KEYS[2 * i]
  local span = tonumber(ARGV[4 * i + 1])
  redis.call('ZADD', z, now + span, id .. '|' .. i .. ':' .. token .. '|' .. ARGV[4 * i - 1])
  redis.call('HINCRBY', h, 'id:' .. id, 1)
  local used = exact(usedOf(h) + tonumber(ARGV[4 * i - 1]))
  redis.call('HSET', h, 'used', used)
  out[#out + 1] = used
  redis.call('HSET', h, 'max', ARGV[4 * i])
  keepFor(z, h, span)
end
return out
`;

/**
 * KEYS: zset, hash per entry. ARGV: per entry: member, cost. Takes back each entry still held (once): the member
 * carries the reservation's token, so an entry of a later reservation under the same id is never taken back.
 */
export const RELEASE = `${PRELUDE}
for i = 1, #KEYS / 2 do
  local z, h = KEYS[2 * i - 1], KEYS[2 * i]
  if redis.call('ZREM', z, ARGV[2 * i - 1]) == 1 then
    dropId(h, ARGV[2 * i - 1])
    if redis.call('ZCARD', z) == 0 then
      redis.call('HSET', h, 'used', '0')
    else
      redis.call('HSET', h, 'used', exact(usedOf(h) - tonumber(ARGV[2 * i])))
    end
  end
end
return 1
`;

/** KEYS: zset, hash per slot. ARGV: per slot: member (with its token), lease (ms). Extends each slot not yet lapsed. */
export const RENEW = `${PRELUDE}
for i = 1, #KEYS / 2 do
  local z, h = KEYS[2 * i - 1], KEYS[2 * i]
  local score = redis.call('ZSCORE', z, ARGV[2 * i - 1])
  if score and tonumber(score) > now then
    local lease = tonumber(ARGV[2 * i])
    redis.call('ZADD', z, 'XX', now + lease, ARGV[2 * i - 1])
    keepFor(z, h, lease)
  end
end
return 1
`;

/** KEYS: zset, hash. Returns `{used, max}` as strings, or `{}` when nothing is held. */
export const USAGE = `${PRELUDE}
purge(KEYS[1], KEYS[2])
if redis.call('ZCARD', KEYS[1]) == 0 then return {} end
return redis.call('HMGET', KEYS[2], 'used', 'max')
`;
