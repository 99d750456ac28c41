package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Calls capabilities through mcp-service. */
@Component
public class McpClient {

    private final RestClient rest;

    McpClient(RestClient.Builder builder, ClientsProperties properties) {
        this.rest = RestClients.build(
                builder, properties.mcpUrl(), properties.connectTimeout(), properties.mcpReadTimeout());
    }

    /**
     * Calls {@code capability}'s default tool with its configured default arguments; the capability may
     * fill missing arguments from {@code query}.
     *
     * @throws RestClientException when mcp-service is unreachable, slow, or answers with an error
     *     (404 for an unknown capability)
     */
    public CapabilityResult callWithDefaults(String capability, String query) {
        CapabilityResult result = rest.post()
                .uri("/v1/capabilities/{capability}/call", capability)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new CapabilityCall(null, Map.of(), query))
                .retrieve()
                .body(CapabilityResult.class);
        if (result == null) {
            throw new RestClientException("mcp-service answered capability " + capability + " with an empty body");
        }
        return result;
    }
}
