-- Checks and counts one request against its key's limit and the global limit, atomically.
-- KEYS[1] the key's log (sorted set of request timestamps), KEYS[2] the global counter prefix
-- ARGV[1] window in ms, ARGV[2] key limit (0 = none), ARGV[3] global limit (0 = none),
-- ARGV[4] a unique member for this request
-- Returns {allowed (1|0), scope (1 key, 2 global, 0 none), limit, remaining, reset ms}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local keyLimit = tonumber(ARGV[2])
local globalLimit = tonumber(ARGV[3])

-- global: sliding window counter over two fixed buckets, O(1) whatever the traffic
local bucket = math.floor(now / window)
local elapsed = now % window
local curKey = KEYS[2] .. bucket
local globalEstimate = 0
if globalLimit > 0 then
  local cur = tonumber(redis.call('GET', curKey) or '0')
  local prev = tonumber(redis.call('GET', KEYS[2] .. (bucket - 1)) or '0')
  globalEstimate = math.floor(prev * (window - elapsed) / window) + cur
  if globalEstimate >= globalLimit then
    return {0, 2, globalLimit, 0, window - elapsed}
  end
end

-- per key: an exact sliding log, so no window of that length ever admits more than the limit
local count = 0
if keyLimit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  count = redis.call('ZCARD', KEYS[1])
  if count >= keyLimit then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return {0, 1, keyLimit, 0, tonumber(oldest[2]) + window - now}
  end
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
end
if globalLimit > 0 then
  redis.call('INCR', curKey)
  redis.call('PEXPIRE', curKey, window * 2)
end

if keyLimit > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {1, 1, keyLimit, keyLimit - count - 1, tonumber(oldest[2]) + window - now}
end
if globalLimit > 0 then
  return {1, 2, globalLimit, globalLimit - globalEstimate - 1, window - elapsed}
end
return {1, 0, 0, 0, 0}
