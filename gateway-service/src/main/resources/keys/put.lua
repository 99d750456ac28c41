-- Writes a cached key entry (a hash) with its time to live.
-- KEYS[1] the entry; ARGV[1] 'set' to replace what is there, 'nx' to write only when there is
-- nothing (a refill from the database must not undo a revocation written meanwhile);
-- ARGV[2] TTL in ms; ARGV[3..] field, value, field, value, ...
if ARGV[1] == 'nx' and redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
