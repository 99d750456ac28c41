-- Settles a reservation with the tokens actually used (or releases it), atomically.
-- KEYS[1] the key's token log (see tokens-reserve.lua)
-- ARGV[1] window in ms, ARGV[2] budget, ARGV[3] the reservation's id, ARGV[4] tokens reserved,
-- ARGV[5] tokens actually used (0 releases the reservation)
-- The settled entry keeps the reservation's time, so it leaves the window when the estimate would have.
-- Returns the budget remaining now, or -1 when the reservation had already left the window.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local member = ARGV[3] .. ':' .. ARGV[4]
local actual = tonumber(ARGV[5])

local score = redis.call('ZSCORE', KEYS[1], member)
if not score then
  return -1
end
redis.call('ZREM', KEYS[1], member)
if actual > 0 then
  redis.call('ZADD', KEYS[1], score, ARGV[3] .. ':' .. actual)
end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local entries = redis.call('ZRANGE', KEYS[1], 0, -1)
local used = 0
for i = 1, #entries do
  used = used + tonumber(string.match(entries[i], ':(%d+)$'))
end
return math.max(0, limit - used)
