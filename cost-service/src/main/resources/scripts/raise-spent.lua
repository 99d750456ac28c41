-- Repairs a scope counter from the ledger: creates it when missing, and raises its spend to the
-- ledger's when the ledger has booked more (never lowers it: bookings still on their way to the
-- ledger are in Redis already).
-- KEYS: the counter. ARGV: the ledger's spend (units), the counter's expiry (unix seconds).
local spent = redis.call('HGET', KEYS[1], 'spent')
local ledger = tonumber(ARGV[1])
if not spent then
  redis.call('HSET', KEYS[1], 'spent', ledger)
  redis.call('HSETNX', KEYS[1], 'reserved', 0)
  redis.call('EXPIREAT', KEYS[1], tonumber(ARGV[2]))
  return 1
end
if tonumber(spent) < ledger then
  redis.call('HSET', KEYS[1], 'spent', ledger)
  return 1
end
return 0
