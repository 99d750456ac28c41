-- Checks and counts one request against its user's limit, its key's own limit and the global
-- limit, atomically: a request refused by one is counted by none.
-- KEYS[1] the user's log (sorted set of request timestamps), KEYS[2] the global counter prefix,
-- KEYS[3] the key's own log (KEYS[1] again when the key has no limit of its own)
-- ARGV[1] window in ms, ARGV[2] user limit (0 = none), ARGV[3] global limit (0 = none),
-- ARGV[4] a unique member for this request, ARGV[5] the key's own limit (0 = none)
-- Returns {allowed (1|0), scope (1 user, 2 global, 3 key, 0 none), limit, remaining, reset ms};
-- when admitted, of the user and key limits the one with fewer requests left
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local userLimit = tonumber(ARGV[2])
local globalLimit = tonumber(ARGV[3])
local keyLimit = tonumber(ARGV[5])

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

-- per user and per key: exact sliding logs, so no window of that length ever admits more
local function oldestReset(log)
  local oldest = redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
local function count(log, limit)
  if limit <= 0 then
    return 0
  end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window)
  return redis.call('ZCARD', log)
end
local userCount = count(KEYS[1], userLimit)
if userLimit > 0 and userCount >= userLimit then
  return {0, 1, userLimit, 0, oldestReset(KEYS[1])}
end
local keyCount = count(KEYS[3], keyLimit)
if keyLimit > 0 and keyCount >= keyLimit then
  return {0, 3, keyLimit, 0, oldestReset(KEYS[3])}
end

if userLimit > 0 then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
end
if keyLimit > 0 then
  redis.call('ZADD', KEYS[3], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[3], window)
end
if globalLimit > 0 then
  redis.call('INCR', curKey)
  redis.call('PEXPIRE', curKey, window * 2)
end

local userLeft = userLimit - userCount - 1
local keyLeft = keyLimit - keyCount - 1
if keyLimit > 0 and (userLimit <= 0 or keyLeft < userLeft) then
  return {1, 3, keyLimit, keyLeft, oldestReset(KEYS[3])}
end
if userLimit > 0 then
  return {1, 1, userLimit, userLeft, oldestReset(KEYS[1])}
end
if globalLimit > 0 then
  return {1, 2, globalLimit, globalLimit - globalEstimate - 1, window - elapsed}
end
return {1, 0, 0, 0, 0}
