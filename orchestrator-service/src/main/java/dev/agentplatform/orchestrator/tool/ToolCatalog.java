package dev.agentplatform.orchestrator.tool;

import dev.agentplatform.common.CapabilityTool;
import dev.agentplatform.orchestrator.client.McpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * The tools each capability offers, read from mcp-service and kept for {@link ToolsProperties#specsTtl()}.
 * When mcp-service cannot answer, the last list read is used, however old; without one the capability
 * has no tools for now. An empty list (none of the capability's servers has started yet) is not kept.
 */
@Component
public class ToolCatalog {

    private static final Logger log = LoggerFactory.getLogger(ToolCatalog.class);

    private final Function<String, List<CapabilityTool>> reader;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    @Autowired
    ToolCatalog(McpClient mcp, ToolsProperties properties) {
        this(mcp::tools, properties, System::nanoTime);
    }

    /**
     * @param reader reads a capability's tools, throwing {@link RestClientException} when it cannot
     * @param nanoTime the clock, {@link System#nanoTime()} scale
     */
    ToolCatalog(Function<String, List<CapabilityTool>> reader, ToolsProperties properties, LongSupplier nanoTime) {
        this.reader = reader;
        this.ttlNanos = properties.specsTtl().toNanos();
        this.nanoTime = nanoTime;
    }

    /** The tools {@code capability} offers; empty when they cannot be read and none were read before. */
    public List<CapabilityTool> tools(String capability) {
        Entry cached = cache.get(capability);
        long now = nanoTime.getAsLong();
        if (cached != null && now - cached.readAtNanos() < ttlNanos) {
            return cached.tools();
        }
        try {
            List<CapabilityTool> tools = List.copyOf(reader.apply(capability));
            if (tools.isEmpty()) {
                cache.remove(capability);
            } else {
                cache.put(capability, new Entry(tools, now));
            }
            return tools;
        } catch (RestClientException e) {
            log.warn(
                    "tools of capability {} unavailable{}: {}",
                    capability,
                    cached == null ? "" : ", using the last list read",
                    e.toString());
            return cached == null ? List.of() : cached.tools();
        }
    }

    /** Forgets what is known about {@code capability}'s tools: a call found them changed. */
    public void refresh(String capability) {
        cache.remove(capability);
    }

    private record Entry(List<CapabilityTool> tools, long readAtNanos) {}
}
