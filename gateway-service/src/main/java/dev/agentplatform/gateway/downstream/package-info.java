/**
 * The gateway's way to the services behind it: proxy routes ({@code /v1/usage} to cost, every
 * other {@code /v1/**} path to the router) and the router client the gateway's own endpoints use.
 */
package dev.agentplatform.gateway.downstream;
