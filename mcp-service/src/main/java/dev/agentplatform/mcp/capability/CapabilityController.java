package dev.agentplatform.mcp.capability;

import dev.agentplatform.common.CapabilityCall;
import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.CapabilityTool;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/capabilities")
class CapabilityController {

    private final CapabilityService capabilities;

    CapabilityController(CapabilityService capabilities) {
        this.capabilities = capabilities;
    }

    @GetMapping
    List<CapabilityDescription> list() {
        return capabilities.describe();
    }

    /** The capability's tools with their input schemas, for function calling; 404 for an unknown capability. */
    @GetMapping("/{capability}/tools")
    List<CapabilityTool> tools(@PathVariable String capability) {
        return capabilities.tools(capability);
    }

    @PostMapping("/{capability}/call")
    CapabilityResult call(@PathVariable String capability, @Valid @RequestBody CapabilityCall call) {
        return capabilities.call(capability, call);
    }
}
