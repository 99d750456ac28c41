/**
 * Rate limits shared by every gateway instance: one Lua script in Redis checks and counts a request
 * against its key's per-minute limit (a sliding log, so no minute ever admits more than the limit)
 * and the global per-minute limit (a sliding window counter) in one atomic step. Optional
 * tokens-per-minute budgets per tier ({@link dev.agentplatform.gateway.ratelimit.TokenLimiter})
 * reserve an estimate before the router call and settle it with the real usage afterwards.
 */
package dev.agentplatform.gateway.ratelimit;
