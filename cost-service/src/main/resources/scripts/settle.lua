-- Settles (or releases) a reservation: gives back what it still holds and books the actual cost in
-- every counter it held, once. The reservation is kept, settled, for the marker lifetime, so that
-- usage events of the hold that come later still book their cost in its counters (book-usage.lua).
-- KEYS: the reservation hash, the lease index, the settled marker of earlier versions.
-- ARGV: reservation id, actual cost (units; -1 to release without cost), user, now (ms),
--       burn-rate time constant (s), marker lifetime (s).
-- Returns {1, tier, counters, spent...} when settled, {0} for an unknown reservation, {-2} for a
-- reservation already settled, {-3} for one held for another user.
local held = redis.call('HMGET', KEYS[1], 'amount', 'keys', 'user', 'tier', 'released', 'settled')
if held[6] then
  return {-2}
end
if not held[1] then
  if redis.call('EXISTS', KEYS[3]) == 1 then
    return {-2}
  end
  return {0}
end
if held[3] ~= ARGV[3] then
  return {-3}
end
-- its usage events may have settled it already (book-usage.lua): what is left of it is given back
-- a lease that expired gave its hold back already
local amount = held[5] and 0 or tonumber(held[1])
local cost = tonumber(ARGV[2])
local now = tonumber(ARGV[4])
local tau = tonumber(ARGV[5])
local result = {1, held[4], held[2]}
for counter in string.gmatch(held[2], '[^\n]+') do
  if redis.call('EXISTS', counter) == 1 then
    if amount > 0 then
      redis.call('HINCRBY', counter, 'reserved', -amount)
    end
    if cost > 0 then
      redis.call('HINCRBY', counter, 'spent', cost)
      -- exponentially weighted burn rate (units per second): decayed by the time since the last
      -- booking, plus this booking spread over the time constant
      local standing = redis.call('HMGET', counter, 'rate', 'rateAt')
      local rate = tonumber(standing[1] or '0')
      local at = tonumber(standing[2] or ARGV[4])
      local decayed = rate * math.exp(-math.max(0, now - at) / 1000 / tau)
      redis.call('HSET', counter, 'rate', tostring(decayed + cost / tau), 'rateAt', ARGV[4])
    end
  end
  table.insert(result, redis.call('HGET', counter, 'spent') or '0')
end
redis.call('HSET', KEYS[1], 'settled', 1, 'amount', 0)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[6]))
redis.call('ZREM', KEYS[2], ARGV[1])
return result
