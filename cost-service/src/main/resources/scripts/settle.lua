-- Settles holds, for the settle and release calls and for the usage events made under a hold
-- alike, so that both book spend and burn rate the same way. An entry books its cost in every
-- counter its hold was taken in and takes it out of the hold (so spend plus holds stays what was
-- checked at the reservation); a settling entry gives back what is left of the hold. A late entry
-- (the hold settled, released or expired before it came) still books its cost. Each is booked
-- once: an event once per event id (the hold remembers the ids it booked), a call once per hold.
-- The hold outlives its settlement by ARGV[3] seconds.
--
-- A closing call ('await' in place of the settle flag) closes an orchestrator's budget lease whose
-- draws' usage events may still be on the stream: its cost is what all the lease's events will book
-- together. The hold keeps what of that its events have not booked yet ('booked' counts what they
-- did) and gives back the rest; the events still to come take their cost out of what it kept, and
-- the event that empties it settles the hold (a lost one leaves it to the lease's expiry). Events
-- and the close are booked one entry at a time in any order (several consumers read the stream),
-- and each order ends in the same counters, with spend plus holds never above what was checked.
-- KEYS: the lease index.
-- ARGV: now (ms), burn-rate time constant (s), kept after settling (s), then per entry:
--       reservation id, event id ('' for a settle, release or closing call), user, cost (units),
--       1 when it settles the hold else 0 (a call always settles it), 'await' for a closing call.
-- Returns three values per entry: its status (1 booked; 2 booked before: a redelivered event, or a
-- call for a hold settled or closed already; 0 unknown hold; -3 held for another user), the
-- counters it was booked in ('' unless 1) and the hold's tier.
local now = tonumber(ARGV[1])
local tau = tonumber(ARGV[2])
local keep = tonumber(ARGV[3])
local result = {}
for i = 4, #ARGV, 5 do
  local id = ARGV[i]
  local key = 'cost:reservation:' .. id
  local call = ARGV[i + 1] == ''
  local closing = call and ARGV[i + 4] == 'await'
  local cost = tonumber(ARGV[i + 3])
  local last = call or ARGV[i + 4] == '1'
  local held = redis.call('HMGET', key, 'amount', 'keys', 'user', 'released', 'settled', 'tier', 'booked', 'closed')
  local status = 1
  if not held[1] then
    -- earlier versions marked a settled hold with a key of its own
    status = (call and redis.call('EXISTS', key .. ':settled') == 1) and 2 or 0
  elseif held[3] ~= ARGV[i + 2] then
    status = -3
  elseif call and (held[5] or held[8]) then
    status = 2
  elseif not call and redis.call('HSETNX', key, 'e:' .. ARGV[i + 1], 1) == 0 then
    status = 2
  elseif closing then
    -- what is left of the hold, of which the part the lease's events have yet to book stays held
    local remaining = (held[4] or held[5]) and 0 or tonumber(held[1])
    local kept = math.min(remaining, math.max(0, cost - tonumber(held[7] or '0')))
    local give = remaining - kept
    if give > 0 then
      for counter in string.gmatch(held[2], '[^\n]+') do
        if redis.call('EXISTS', counter) == 1 then
          redis.call('HINCRBY', counter, 'reserved', -give)
        end
      end
    end
    redis.call('HSET', key, 'amount', kept, 'closed', 1)
    if kept == 0 then
      redis.call('HSET', key, 'settled', 1)
      redis.call('ZREM', KEYS[1], id)
      redis.call('EXPIRE', key, keep)
    end
  else
    -- what is left of the hold: a lease that expired or a settlement gave it back already
    local remaining = (held[4] or held[5]) and 0 or tonumber(held[1])
    local take = last and remaining or math.min(cost, remaining)
    if not call and cost > 0 then
      redis.call('HINCRBY', key, 'booked', cost)
    end
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
    -- a closed lease is settled by the event that books the last of what it kept
    if last or (held[8] and remaining > 0 and remaining - take == 0) then
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
