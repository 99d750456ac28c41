package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.security.ServiceCaller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CapabilityController {

    private final CapabilityService capabilities;
    private final CapabilityCatalog catalog;
    private final ToolPins pins;

    CapabilityController(CapabilityService capabilities, CapabilityCatalog catalog, ToolPins pins) {
        this.capabilities = capabilities;
        this.catalog = catalog;
        this.pins = pins;
    }

    @GetMapping("/v1/capabilities")
    List<CapabilityDescription> list() {
        return capabilities.describe();
    }

    /** The capability's tools with their input schemas, for function calling; 404 for an unknown capability. */
    @GetMapping("/v1/capabilities/{capability}/tools")
    List<CapabilityTool> tools(@PathVariable String capability) {
        return capabilities.tools(capability);
    }

    @PostMapping("/v1/capabilities/{capability}/call")
    CapabilityResult call(@PathVariable String capability, @Valid @RequestBody CapabilityCall call) {
        return capabilities.call(capability, call);
    }

    /** Appends an entry to a tool's chain (admin only); 201 with the capability's new description. */
    @PostMapping("/v1/capabilities/{capability}/tools")
    ResponseEntity<CapabilityDescription> register(
            @PathVariable String capability, @Valid @RequestBody ToolRegistration registration) {
        ServiceCaller.requireAdmin();
        catalog.register(capability, registration);
        CapabilityDescription described = capabilities.describe().stream()
                .filter(description -> description.name().equals(capability))
                .findFirst()
                .orElseThrow();
        return ResponseEntity.status(HttpStatus.CREATED).body(described);
    }

    /** Removes a tool, or with {@code server} only that server's entry of its chain (admin only). */
    @DeleteMapping("/v1/capabilities/{capability}/tools/{tool}")
    ResponseEntity<Void> remove(
            @PathVariable String capability, @PathVariable String tool, @RequestParam(required = false) String server) {
        ServiceCaller.requireAdmin();
        catalog.remove(capability, tool, server);
        return ResponseEntity.noContent().build();
    }

    /** Approves a server's current definition of a tool, ending its quarantine (admin only, as all of /admin). */
    @PutMapping("/admin/v1/tool-pins/{server}/{tool}")
    Map<String, String> approve(@PathVariable String server, @PathVariable String tool) {
        ServiceCaller.requireAdmin();
        String hash = pins.approve(server, tool)
                .orElseThrow(() -> new PlatformException(
                        HttpStatus.NOT_FOUND,
                        ProblemTypes.NOT_FOUND,
                        "Unknown tool",
                        "MCP server '" + server + "' does not list a tool '" + tool + "'"));
        return Map.of("server", server, "tool", tool, "definitionSha256", hash);
    }
}
