/**
 * Rate limits shared by every gateway instance: one Lua script in Redis checks and counts a request
 * against its key's per-minute limit (a sliding log, so no minute ever admits more than the limit)
 * and the global per-minute limit (a sliding window counter) in one atomic step.
 */
package dev.agentplatform.gateway.ratelimit;
