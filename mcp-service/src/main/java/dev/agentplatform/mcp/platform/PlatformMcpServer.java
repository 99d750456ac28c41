package dev.agentplatform.mcp.platform;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.mcp.capability.Capabilities;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.RequestIds;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.security.ServiceTokens;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves {@code /mcp}. The transport is registered with the servlet container at once; the server and its tools
 * are built when the application starts, after the MCP servers listed their tools (so the capability tools have
 * their schemas) and before the port opens. Every call acts for the user the service token names (the gateway
 * signs it for the API key's user): tasks run with that user's tier, limits and budget, tool costs are booked
 * to that user. Tools run on the request's thread ({@code immediateExecution}), where that identity lives.
 */
@Configuration(proxyBeanMethods = false)
class PlatformMcpServer {

    private static final Logger log = LoggerFactory.getLogger(PlatformMcpServer.class);
    private static final String CALLER = "caller";
    static final String ENDPOINT = "/mcp";
    static final String ASK = "ask";
    /** The largest message {@code /mcp} reads (the gateway's own limit is lower: 1 MiB by default). */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    @Bean
    HttpServletStatelessServerTransport platformMcpTransport() {
        return HttpServletStatelessServerTransport.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .messageEndpoint(ENDPOINT)
                .maxRequestSize(MAX_MESSAGE_BYTES)
                .contextExtractor(request -> {
                    Map<String, Object> context = new HashMap<>();
                    ServiceCaller.of(request).ifPresent(caller -> context.put(CALLER, caller));
                    return McpTransportContext.create(context);
                })
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStatelessServerTransport> platformMcpServlet(
            HttpServletStatelessServerTransport transport) {
        ServletRegistrationBean<HttpServletStatelessServerTransport> registration =
                new ServletRegistrationBean<>(transport, ENDPOINT);
        registration.setName("platformMcp");
        return registration;
    }

    /** After the service credential (an anonymous call is a 401 first), before the transport reads the message. */
    @Bean
    FilterRegistrationBean<McpMessageFilter> platformMcpMessageFilter(JsonMapper json) {
        FilterRegistrationBean<McpMessageFilter> registration =
                new FilterRegistrationBean<>(new McpMessageFilter(json, MAX_MESSAGE_BYTES));
        registration.addUrlPatterns(ENDPOINT);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    PlatformTools platformTools(
            HttpServletStatelessServerTransport transport,
            Capabilities capabilities,
            ServiceTokens tokens,
            PlatformServerProperties properties) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newHttpClient());
        requests.setReadTimeout(properties.askTimeout());
        RestClient router = RestClient.builder()
                .baseUrl(properties.routerUrl().toString())
                .requestFactory(requests)
                .build();
        return new PlatformTools(transport, capabilities, tokens, router, properties);
    }

    /** Builds the server with its tools on start, closes it on stop. */
    static final class PlatformTools implements SmartLifecycle {

        private final HttpServletStatelessServerTransport transport;
        private final Capabilities capabilities;
        private final ServiceTokens tokens;
        private final RestClient router;
        private final PlatformServerProperties properties;
        /** The capability behind each capability tool offered, by the tool's name at /mcp. */
        private final Map<String, String> capabilityOf = new ConcurrentHashMap<>();

        private volatile McpStatelessSyncServer server;

        PlatformTools(
                HttpServletStatelessServerTransport transport,
                Capabilities capabilities,
                ServiceTokens tokens,
                RestClient router,
                PlatformServerProperties properties) {
            this.transport = transport;
            this.capabilities = capabilities;
            this.tokens = tokens;
            this.router = router;
            this.properties = properties;
        }

        /**
         * Builds the server with {@code ask}, then adds each capability tool once, one at a time: a tool the SDK
         * refuses (a schema it finds invalid) must not hide the others, and a name already offered (a capability
         * {@code a} with a tool {@code b__c} and a capability {@code a__b} with a tool {@code c}) is not offered again
         * (the SDK would replace the first with it).
         */
        @Override
        public void start() {
            McpStatelessSyncServer built = McpServer.sync(transport)
                    .serverInfo("agent-platform", "0.1.0")
                    .instructions("The agent platform: 'ask' runs a task with the best-suited agent; the other "
                            + "tools are the platform's capabilities (web search, the analytics database, documents).")
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(false).build())
                    .immediateExecution(true)
                    // tools/list shows a caller the capability tools of its tier only
                    .addToolFilter((context, tool) -> offered(context, tool.name()))
                    .tools(new SyncToolSpecification(askTool(), this::ask))
                    .build();
            Set<String> names = new HashSet<>(Set.of(ASK));
            for (String capability : capabilities.names()) {
                for (CapabilityTool tool : capabilities.tools(capability)) {
                    McpSchema.Tool described = capabilityTool(capability, tool);
                    if (!names.add(described.name())) {
                        log.warn(
                                "Not offering tool {} of capability {} at /mcp: the name {} is offered already",
                                tool.name(),
                                capability,
                                described.name());
                        continue;
                    }
                    capabilityOf.put(described.name(), capability);
                    try {
                        built.addTool(new SyncToolSpecification(
                                described,
                                (context, request) -> callCapability(context, capability, tool.name(), request)));
                    } catch (RuntimeException e) {
                        names.remove(described.name());
                        capabilityOf.remove(described.name());
                        log.warn("Not offering {} at /mcp: {}", described.name(), e.getMessage());
                    }
                }
            }
            server = built;
            log.info(
                    "Platform MCP server at {} with tools {}",
                    ENDPOINT,
                    built.listTools().stream().map(McpSchema.Tool::name).toList());
        }

        @Override
        public void stop() {
            McpStatelessSyncServer current = server;
            server = null;
            if (current != null) {
                current.close();
            }
        }

        @Override
        public boolean isRunning() {
            return server != null;
        }

        /** After the MCP servers started ({@code DEFAULT_PHASE - 4096}), before the web server opens its port. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 2048;
        }

        private static McpSchema.Tool askTool() {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("prompt", Map.of("type", "string", "description", "what to ask or do"));
            properties.put(
                    "agent",
                    Map.of(
                            "type",
                            "string",
                            "description",
                            "an agent to answer (optional; default: the router picks)"));
            properties.put(
                    "strategy",
                    Map.of(
                            "type",
                            "string",
                            "enum",
                            List.of("SINGLE", "PARALLEL", "CASCADE"),
                            "description",
                            "how agents are combined (optional; default: the router decides)"));
            return McpSchema.Tool.builder(
                            ASK, Map.of("type", "object", "properties", properties, "required", List.of("prompt")))
                    .description("Ask the agent platform: it routes the prompt to the best-suited agent (code, "
                            + "research, data, ...), runs it with fallbacks and returns the answer.")
                    .build();
        }

        private static McpSchema.Tool capabilityTool(String capability, CapabilityTool tool) {
            return McpSchema.Tool.builder(capability + "__" + tool.name(), tool.inputSchema())
                    .description(tool.description() == null ? capability + " " + tool.name() : tool.description())
                    .build();
        }

        private CallToolResult ask(McpTransportContext context, CallToolRequest request) {
            ServiceCaller caller = (ServiceCaller) context.get(CALLER);
            if (caller == null || caller.userId() == null) {
                return error("no user: /mcp is reached through the gateway with an API key");
            }
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            if (!(arguments.get("prompt") instanceof String prompt) || prompt.isBlank()) {
                return error("'prompt' is required: the text to ask");
            }
            Strategy strategy = null;
            if (arguments.get("strategy") instanceof String name && !name.isBlank()) {
                try {
                    strategy = Strategy.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return error("'strategy' must be SINGLE, PARALLEL or CASCADE");
                }
            }
            List<String> agents =
                    arguments.get("agent") instanceof String agent && !agent.isBlank() ? List.of(agent.trim()) : null;
            TaskRequest task = new TaskRequest(prompt, null, null, strategy, agents, null, null, null, null, null);
            String requestId = MDC.get(RequestIds.MDC_KEY);
            try {
                // the answer's text is all the tool returns; read as a map, so fields added to TaskResult never break
                // it
                Map<?, ?> result = router.post()
                        .uri("/v1/tasks")
                        .header("Authorization", "Bearer " + tokens.issue(caller.userId(), caller.tier(), false))
                        .header(
                                Headers.REQUEST_ID,
                                requestId == null ? UUID.randomUUID().toString() : requestId)
                        .body(task)
                        .retrieve()
                        .body(Map.class);
                if (result == null || !(result.get("content") instanceof String content)) {
                    return error("the platform gave no answer");
                }
                return CallToolResult.builder()
                        .addTextContent(content)
                        .isError(false)
                        .build();
            } catch (RestClientResponseException e) {
                return error("the platform refused (HTTP " + e.getStatusCode().value() + "): "
                        + e.getResponseBodyAsString());
            } catch (RuntimeException e) {
                log.warn("ask for {} failed: {}", caller.userId(), e.toString());
                return error("the platform could not answer: " + e.getMessage());
            }
        }

        /** Whether the caller of {@code context} is offered the tool {@code name}: {@code ask}, or its tier's. */
        private boolean offered(McpTransportContext context, String name) {
            String capability = capabilityOf.get(name);
            return capability == null
                    || (context.get(CALLER) instanceof ServiceCaller caller
                            && properties.offers(caller.tier(), capability));
        }

        private CallToolResult callCapability(
                McpTransportContext context, String capability, String tool, CallToolRequest request) {
            if (!(context.get(CALLER) instanceof ServiceCaller caller)) {
                return error("no caller: /mcp is reached through the gateway with an API key");
            }
            if (!properties.offers(caller.tier(), capability)) {
                // a client may call a tool it was not listed: refused as the HTTP API refuses it (403)
                return error("forbidden: the " + caller.tier() + " tier may not use capability '" + capability
                        + "' (HTTP 403)");
            }
            try {
                CapabilityResult result = capabilities.call(capability, new CapabilityCall(tool, request.arguments()));
                return CallToolResult.builder()
                        .content(List.of(new TextContent(result.content() == null ? "" : result.content())))
                        .isError(result.error())
                        .build();
            } catch (PlatformException e) {
                return error(e.getMessage());
            }
        }

        private static CallToolResult error(String message) {
            return CallToolResult.builder()
                    .addTextContent(message)
                    .isError(true)
                    .build();
        }
    }
}
