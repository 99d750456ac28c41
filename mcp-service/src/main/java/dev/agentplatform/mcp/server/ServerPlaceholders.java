package dev.agentplatform.mcp.server;

import java.util.Map;

/**
 * Placeholders, besides the folders, that server arguments and environment values may use (e.g.
 * {@code {database-url}}); any bean of this type contributes its values.
 */
public interface ServerPlaceholders {

    /** Placeholder (with its braces) to value. */
    Map<String, String> values();
}
