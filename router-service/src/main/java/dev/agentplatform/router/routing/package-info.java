/**
 * Turning a prompt and the caller's overrides ({@code model}, {@code agents}, {@code strategy}) into
 * a {@link dev.agentplatform.common.RoutingDecision}: which agent answers, which ones stand by, and
 * how they run. Also the dry-run endpoint {@code POST /v1/route}.
 */
package dev.agentplatform.router.routing;
