-- Books spend made without a hold in the counters that exist; a missing counter is left alone: it
-- is seeded from the ledger, which has this spend already, when it is first needed.
-- KEYS: counters. ARGV: the cost (units) for each counter, in order.
for i, counter in ipairs(KEYS) do
  if redis.call('EXISTS', counter) == 1 then
    redis.call('HINCRBY', counter, 'spent', ARGV[i])
  end
end
return 0
