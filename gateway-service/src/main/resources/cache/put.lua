-- Stores an answer with a hit count of zero and its time to live.
-- KEYS[1] the entry, ARGV[1] the stored answer, ARGV[2] the TTL in ms
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'hits', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
