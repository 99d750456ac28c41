/**
 * The exact answer cache in Redis: the ready response bytes of a successful chat completion (JSON
 * or the complete event stream) under the SHA-256 of the tenant scope and the canonical request,
 * so a hit is one Redis round trip and one write, with no JSON processing. Also the cache metrics
 * ({@code cache_hit_rate{type}}, {@code gateway_cache_requests_total{type,outcome}}) that the
 * semantic cache reports into as well.
 */
package dev.agentplatform.gateway.cache;
