/**
 * The gateway's way to the services behind it: proxy routes ({@code /v1/usage} to cost, task status
 * and events and {@code /admin/v1/chaos/**} to the orchestrator, every other {@code /v1/**} path to
 * the router) and the router client the gateway's own endpoints use.
 */
package dev.agentplatform.gateway.downstream;
