-- Books usage events made under a hold in the hold's budget counters, once per event: the event's
-- cost is added to every counter the hold was taken in and taken out of the hold (so spend plus
-- holds stays what was checked at the reservation), and the hold's last event gives back what is
-- left of it. A late event (the hold settled, released or expired before it came) still books its
-- cost. The hold outlives its settlement by ARGV[3] seconds, remembering the events it booked.
-- KEYS: the lease index.
-- ARGV: now (ms), burn-rate time constant (s), kept after settling (s), then per event:
--       reservation id, event id, user, cost (units), 1 when it settles the hold else 0.
-- Returns three values per event: its status (1 booked, 2 booked before: a redelivery, 0 unknown
-- hold, -3 held for another user), the counters it was booked in ('' unless 1) and the hold's tier.
local now = tonumber(ARGV[1])
local tau = tonumber(ARGV[2])
local keep = tonumber(ARGV[3])
local result = {}
for i = 4, #ARGV, 5 do
  local id = ARGV[i]
  local key = 'cost:reservation:' .. id
  local cost = tonumber(ARGV[i + 3])
  local last = ARGV[i + 4] == '1'
  local held = redis.call('HMGET', key, 'amount', 'keys', 'user', 'released', 'settled', 'tier')
  local status = 1
  if not held[1] then
    status = 0
  elseif held[3] ~= ARGV[i + 2] then
    status = -3
  elseif redis.call('HSETNX', key, 'e:' .. ARGV[i + 1], 1) == 0 then
    status = 2
  else
    local remaining = (held[4] or held[5]) and 0 or tonumber(held[1])
    local take = last and remaining or math.min(cost, remaining)
    for counter in string.gmatch(held[2], '[^\n]+') do
      if redis.call('EXISTS', counter) == 1 then
        if take > 0 then
          redis.call('HINCRBY', counter, 'reserved', -take)
        end
        if cost > 0 then
          redis.call('HINCRBY', counter, 'spent', cost)
          local standing = redis.call('HMGET', counter, 'rate', 'rateAt')
          local rate = tonumber(standing[1] or '0')
          local at = tonumber(standing[2] or ARGV[1])
          local decayed = rate * math.exp(-math.max(0, now - at) / 1000 / tau)
          redis.call('HSET', counter, 'rate', tostring(decayed + cost / tau), 'rateAt', ARGV[1])
        end
      end
    end
    redis.call('HSET', key, 'amount', remaining - take)
    if last then
      redis.call('HSET', key, 'settled', 1)
      redis.call('ZREM', KEYS[1], id)
      redis.call('EXPIRE', key, keep)
    end
  end
  table.insert(result, status)
  table.insert(result, status == 1 and held[2] or '')
  table.insert(result, held[6] or '')
end
return result
