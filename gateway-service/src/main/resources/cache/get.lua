-- Reads a cached answer and counts the hit on the entry, in one round trip.
-- KEYS[1] the entry. Returns the stored answer, or nil.
local v = redis.call('HGET', KEYS[1], 'v')
if v then
  redis.call('HINCRBY', KEYS[1], 'hits', 1)
end
return v
