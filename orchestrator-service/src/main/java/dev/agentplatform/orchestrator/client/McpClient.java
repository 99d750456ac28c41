package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.common.Headers;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Calls capabilities through mcp-service and reads the tools they offer. */
@Component
public class McpClient {

    private final RestClient rest;

    McpClient(RestClient.Builder builder, ClientsProperties properties) {
        this.rest = RestClients.build(
                builder, properties.mcpUrl(), properties.connectTimeout(), properties.mcpReadTimeout());
    }

    /**
     * Calls {@code capability}'s default tool for {@code agent} with its configured default arguments;
     * the capability may fill missing arguments from {@code query}.
     *
     * @throws RestClientException when mcp-service is unreachable, slow, or answers with an error
     *     (404 for an unknown capability, 403 for one the agent does not declare)
     */
    public CapabilityResult callWithDefaults(String capability, String query, String agent) {
        return call(capability, new CapabilityCall(null, Map.of(), query), agent);
    }

    /**
     * Calls {@code capability}'s {@code tool} for {@code agent} with {@code arguments} over the
     * capability's defaults.
     *
     * @throws RestClientException when mcp-service is unreachable, slow, or answers with an error
     *     (400 for arguments the tool's schema rejects, 404 for an unknown capability or tool)
     */
    public CapabilityResult call(String capability, String tool, Map<String, Object> arguments, String agent) {
        return call(capability, new CapabilityCall(tool, arguments, null), agent);
    }

    /**
     * The tools {@code capability} offers, with their input schemas.
     *
     * @throws RestClientException when mcp-service is unreachable, slow, or answers with an error
     *     (404 for an unknown capability)
     */
    public List<CapabilityTool> tools(String capability) {
        List<CapabilityTool> tools = rest.get()
                .uri("/v1/capabilities/{capability}/tools", capability)
                .retrieve()
                .body(new ParameterizedTypeReference<List<CapabilityTool>>() {});
        return tools == null ? List.of() : tools;
    }

    private CapabilityResult call(String capability, CapabilityCall call, String agent) {
        CapabilityResult result = rest.post()
                .uri("/v1/capabilities/{capability}/call", capability)
                // mcp-service holds the call to the capabilities the agent's definition declares
                .header(Headers.AGENT, agent)
                .contentType(MediaType.APPLICATION_JSON)
                .body(call)
                .retrieve()
                .body(CapabilityResult.class);
        if (result == null) {
            throw new RestClientException("mcp-service answered capability " + capability + " with an empty body");
        }
        return result;
    }
}
