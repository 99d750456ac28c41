-- Answers a request whose exact bytes were answered before: follows the link from the raw-body
-- key to the canonical entry, reads the answer and counts the hit there, in one round trip.
-- KEYS[1] the raw-body link. Returns the stored answer, or nil.
local entry = redis.call('GET', KEYS[1])
if not entry then
  return nil
end
local v = redis.call('HGET', entry, 'v')
if v then
  redis.call('HINCRBY', entry, 'hits', 1)
end
return v
