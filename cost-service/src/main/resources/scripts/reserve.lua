-- Reserves ARGV[2] units (1e-8 USD) in every scope counter of KEYS at once, or in none.
-- KEYS: the scope counters (hashes: spent, reserved), then the lease index (last key).
-- ARGV: reservation id, amount, now (ms), lease (ms), user, tier, then one limit per counter
--       (units, -1 for unlimited).
-- Returns {1, 0} when reserved, {0, i} when counter i has no room, {-1, i} when counter i is
-- missing (Redis lost it or the period just began: the caller seeds it from the ledger and retries).
-- With no counters at all it only reaps expired leases.
local n = #KEYS - 1
local leases = KEYS[#KEYS]
local id = ARGV[1]
local amount = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

-- expired leases first: what a crashed caller held is free again
local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 20)
for _, old in ipairs(expired) do
  local key = 'cost:reservation:' .. old
  local held = redis.call('HMGET', key, 'amount', 'keys', 'released')
  if held[1] and not held[3] then
    for counter in string.gmatch(held[2], '[^\n]+') do
      if redis.call('EXISTS', counter) == 1 then
        redis.call('HINCRBY', counter, 'reserved', -tonumber(held[1]))
      end
    end
    -- kept a while, released: a late settle still books its cost in the same counters
    redis.call('HSET', key, 'released', 1)
  end
  redis.call('ZREM', leases, old)
end

-- no counters: the caller only wanted the expired leases reaped
if n == 0 then
  return {0, 0}
end
for i = 1, n do
  local standing = redis.call('HMGET', KEYS[i], 'spent', 'reserved')
  if not standing[1] then
    return {-1, i}
  end
  local limit = tonumber(ARGV[6 + i])
  if limit >= 0 and tonumber(standing[1]) + tonumber(standing[2] or '0') + amount > limit then
    return {0, i}
  end
end
for i = 1, n do
  redis.call('HINCRBY', KEYS[i], 'reserved', amount)
end
local key = 'cost:reservation:' .. id
redis.call('HSET', key, 'amount', amount, 'keys', table.concat(KEYS, '\n', 1, n), 'user', ARGV[5], 'tier', ARGV[6])
redis.call('PEXPIRE', key, tonumber(ARGV[4]) + 3600000)
redis.call('ZADD', leases, now + tonumber(ARGV[4]), id)
return {1, 0}
