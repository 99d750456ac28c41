-- Answers a request whose exact bytes were answered before: follows the link from the raw-body
-- key to the canonical entry, reads the answer and counts the hit there, in one round trip.
-- KEYS[#KEYS] the raw-body link (the last key: the script also runs after the rate-limit check,
-- whose keys come first). Returns the stored answer, or nil.
local entry = redis.call('GET', KEYS[#KEYS])
if not entry then
  return nil
end
local v = redis.call('HGET', entry, 'v')
if v then
  redis.call('HINCRBY', entry, 'hits', 1)
end
return v
