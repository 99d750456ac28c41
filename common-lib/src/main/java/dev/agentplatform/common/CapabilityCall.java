package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A request to use a capability through the MCP service.
 *
 * @param tool the MCP tool to call, or {@code null} for the capability's default tool
 * @param arguments the tool's arguments; missing ones take the capability's configured defaults
 * @param query the text the call serves (e.g. the prompt), or {@code null}; a capability may fill
 *     arguments the caller left out from it, as its configuration says
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilityCall(
        @Size(max = 200) String tool,
        Map<String, Object> arguments,
        @Size(max = 100_000) String query) {

    /** A call without a query. */
    public CapabilityCall(String tool, Map<String, Object> arguments) {
        this(tool, arguments, null);
    }
}
