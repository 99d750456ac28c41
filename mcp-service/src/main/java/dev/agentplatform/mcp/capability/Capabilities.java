package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import java.util.List;
import org.springframework.stereotype.Component;

/** The capabilities as other features of this service use them (the platform's own MCP server). */
@Component
public class Capabilities {

    private final CapabilityService service;
    private final CapabilityCatalog catalog;

    Capabilities(CapabilityService service, CapabilityCatalog catalog) {
        this.service = service;
        this.catalog = catalog;
    }

    /** The capabilities' names. */
    public List<String> names() {
        return List.copyOf(catalog.all().keySet());
    }

    /** The tools of a capability whose schemas are known, as {@code GET /v1/capabilities/{name}/tools}. */
    public List<CapabilityTool> tools(String capability) {
        return service.tools(capability);
    }

    /** Calls a capability as {@code POST /v1/capabilities/{name}/call} does. */
    public CapabilityResult call(String capability, CapabilityCall call) {
        return service.call(capability, call);
    }
}
