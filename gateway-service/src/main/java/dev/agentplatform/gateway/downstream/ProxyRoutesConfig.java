package dev.agentplatform.gateway.downstream;

import dev.agentplatform.gateway.guard.McpBodyGuard;
import dev.agentplatform.gateway.guard.TaskBodyGuard;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The proxied routes. Built in code rather than in {@code spring.cloud.gateway.server.webflux.routes}
 * so they follow the typed {@link RoutesProperties}; routes added in that YAML still work beside
 * them. The gateway's own controllers ({@code /v1/chat/completions}, {@code /v1/models}) are mapped
 * before any route, so these only see the rest. Identity headers are already set by then. A POST to
 * the router has its body read and checked by the input guard first ({@link TaskBodyGuard}, through
 * SCG's modify-request-body filter): the native task API and the route dry run carry prompts.
 */
@Configuration(proxyBeanMethods = false)
class ProxyRoutesConfig {

    @Bean
    RouteLocator platformRoutes(
            RouteLocatorBuilder builder, RoutesProperties routes, TaskBodyGuard taskGuard, McpBodyGuard mcpGuard) {
        long timeoutMs = routes.timeout().toMillis();
        int connectMs = Math.toIntExact(routes.connectTimeout().toMillis());
        return builder.routes()
                // the orchestrator owns async tasks: their state and their event stream
                .route(
                        "task-events-to-orchestrator",
                        r -> r.order(-2)
                                .method(HttpMethod.GET)
                                .and()
                                .path("/v1/tasks/{id}/events")
                                // an event stream lasts as long as the task: no response timeout
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1L)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.orchestratorUrl()))
                .route(
                        "task-status-to-orchestrator",
                        r -> r.order(-1)
                                .method(HttpMethod.GET)
                                .and()
                                .path("/v1/tasks/{id}")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.orchestratorUrl()))
                .route(
                        "chaos-to-orchestrator",
                        r -> r.order(-1)
                                .path("/admin/v1/chaos/**")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.orchestratorUrl()))
                // the provider catalog, for operators (admin key, see AdminRoutes)
                .route(
                        "providers-to-orchestrator",
                        r -> r.order(-1)
                                .method(HttpMethod.GET)
                                .and()
                                .path("/v1/providers")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.orchestratorUrl()))
                // budgets and cost views, for operators (admin key, see AdminRoutes)
                .route(
                        "budgets-to-cost",
                        r -> r.order(-1)
                                .path("/admin/v1/budgets/**", "/admin/v1/costs", "/admin/v1/costs/**")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.costUrl()))
                // the platform as an MCP server (Streamable HTTP): the caller's key, limits and budget; a prompt
                // for the ask tool is checked by the input guard like a task's
                .route(
                        "mcp-posts-to-mcp-service",
                        r -> r.order(-1)
                                .method(HttpMethod.POST)
                                .and()
                                .path("/mcp")
                                .filters(f -> f.modifyRequestBody(String.class, String.class, mcpGuard))
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.mcpUrl()))
                .route(
                        "mcp-to-mcp-service",
                        r -> r.order(-1)
                                .path("/mcp")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.mcpUrl()))
                .route(
                        "usage-to-cost",
                        r -> r.order(0)
                                .path("/v1/usage")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.costUrl()))
                // the caller's memories: memory-service takes the user from the credential this
                // gateway signs for the API key, never from the request
                .route(
                        "memories-to-memory",
                        r -> r.order(0)
                                .path("/v1/memories", "/v1/memories/**")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.memoryUrl()))
                // tasks (sync, streamed, async) and the route dry run: every prompt checked before it goes
                .route(
                        "v1-posts-to-router",
                        r -> r.order(1)
                                .method(HttpMethod.POST)
                                .and()
                                .path("/v1/**")
                                .filters(f -> f.modifyRequestBody(String.class, String.class, taskGuard))
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.routerUrl()))
                .route(
                        "v1-to-router",
                        r -> r.order(2)
                                .path("/v1/**")
                                .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeoutMs)
                                .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMs)
                                .uri(routes.routerUrl()))
                .build();
    }
}
