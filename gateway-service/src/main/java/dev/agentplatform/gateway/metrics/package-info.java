/**
 * Gateway-level metrics: {@code gateway_overhead_seconds}, the time a chat completion spends in
 * the gateway itself, excluding the wait for the router.
 */
package dev.agentplatform.gateway.metrics;
