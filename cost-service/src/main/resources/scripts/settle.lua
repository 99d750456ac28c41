-- Settles holds, for the settle and release calls and for the usage events made under a hold
-- alike, so that both book spend and burn rate the same way. An entry books its cost in every
-- counter its hold was taken in and takes it out of the hold (so spend plus holds stays what was
-- checked at the reservation); a settling entry gives back what is left of the hold. A late entry
-- (the hold settled, released or expired before it came) still books its cost. Each is booked
-- once: an event once per event id (the hold remembers the ids it booked), a call once per hold.
-- The hold outlives its settlement by ARGV[3] seconds.
-- KEYS: the lease index.
-- ARGV: now (ms), burn-rate time constant (s), kept after settling (s), then per entry:
--       reservation id, event id ('' for a settle or release call), user, cost (units),
--       1 when it settles the hold else 0 (a call always settles it).
-- Returns three values per entry: its status (1 booked; 2 booked before: a redelivered event, or a
-- call for a hold settled already; 0 unknown hold; -3 held for another user), the counters it was
-- booked in ('' unless 1) and the hold's tier.
local now = tonumber(ARGV[1])
local tau = tonumber(ARGV[2])
local keep = tonumber(ARGV[3])
local result = {}
for i = 4, #ARGV, 5 do
  local id = ARGV[i]
  local key = 'cost:reservation:' .. id
  local call = ARGV[i + 1] == ''
  local cost = tonumber(ARGV[i + 3])
  local last = call or ARGV[i + 4] == '1'
  local held = redis.call('HMGET', key, 'amount', 'keys', 'user', 'released', 'settled', 'tier')
  local status = 1
  if not held[1] then
    -- earlier versions marked a settled hold with a key of its own
    status = (call and redis.call('EXISTS', key .. ':settled') == 1) and 2 or 0
  elseif held[3] ~= ARGV[i + 2] then
    status = -3
  elseif call and held[5] then
    status = 2
  elseif not call and redis.call('HSETNX', key, 'e:' .. ARGV[i + 1], 1) == 0 then
    status = 2
  else
    -- what is left of the hold: a lease that expired or a settlement gave it back already
    local remaining = (held[4] or held[5]) and 0 or tonumber(held[1])
    local take = last and remaining or math.min(cost, remaining)
    for counter in string.gmatch(held[2], '[^\n]+') do
      if redis.call('EXISTS', counter) == 1 then
        if take > 0 then
          redis.call('HINCRBY', counter, 'reserved', -take)
        end
        if cost > 0 then
          redis.call('HINCRBY', counter, 'spent', cost)
          -- exponentially weighted burn rate (units per second): decayed by the time since the
          -- last booking, plus this booking spread over the time constant
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
