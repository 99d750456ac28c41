-- Reserves an estimate of tokens against a key's tokens-per-window budget, atomically.
-- KEYS[1] the key's token log: a sorted set, member "<id>:<tokens>", score the reservation time (ms)
-- ARGV[1] window in ms, ARGV[2] budget (> 0), ARGV[3] tokens to reserve, ARGV[4] a unique id
-- Returns {allowed (1|0), budget, remaining, reset ms}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local want = tonumber(ARGV[3])

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local used = 0
for i = 1, #entries, 2 do
  used = used + tonumber(string.match(entries[i], ':(%d+)$'))
end

if used + want > limit then
  -- the time until enough of the oldest reservations leave the window
  local need = used + want - limit
  local freed = 0
  local reset = window
  for i = 1, #entries, 2 do
    freed = freed + tonumber(string.match(entries[i], ':(%d+)$'))
    if freed >= need then
      reset = tonumber(entries[i + 1]) + window - now
      break
    end
  end
  return {0, limit, math.max(0, limit - used), reset}
end

redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. want)
redis.call('PEXPIRE', KEYS[1], window)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {1, limit, limit - used - want, tonumber(oldest[2]) + window - now}
