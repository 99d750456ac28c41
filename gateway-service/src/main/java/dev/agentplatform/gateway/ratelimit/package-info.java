/**
 * Rate limits shared by every gateway instance: one Lua script in Redis checks and counts a request
 * against its user's per-minute limit, shared by all of the user's keys, the key's own limit when it
 * was issued with one (sliding logs, so no minute ever admits more than a limit), and the global
 * per-minute limit (a sliding window counter) in one atomic step. Optional tokens-per-minute
 * budgets per user by tier ({@link dev.agentplatform.gateway.ratelimit.TokenLimiter})
 * reserve an estimate before the router call and settle it with the real usage afterwards.
 */
package dev.agentplatform.gateway.ratelimit;
