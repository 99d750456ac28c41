package dev.agentplatform.mcp.capability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pins in PostgreSQL ({@code mcp.tool_pins}), so that a definition changed while the service was down is still
 * caught; read through a cache, since every call checks its pin.
 */
@Component
class JdbcPinStore implements PinStore {

    private final JdbcClient jdbc;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    JdbcPinStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String pinIfAbsent(String server, String tool, String hash) {
        return cache.computeIfAbsent(server + "/" + tool, key -> {
            jdbc.sql("INSERT INTO mcp.tool_pins (server, tool, definition_sha256) VALUES (:server, :tool, :hash) "
                            + "ON CONFLICT (server, tool) DO NOTHING")
                    .param("server", server)
                    .param("tool", tool)
                    .param("hash", hash)
                    .update();
            return jdbc.sql("SELECT definition_sha256 FROM mcp.tool_pins WHERE server = :server AND tool = :tool")
                    .param("server", server)
                    .param("tool", tool)
                    .query(String.class)
                    .single();
        });
    }

    @Override
    public void pin(String server, String tool, String hash) {
        jdbc.sql("INSERT INTO mcp.tool_pins (server, tool, definition_sha256) VALUES (:server, :tool, :hash) "
                        + "ON CONFLICT (server, tool) DO UPDATE SET definition_sha256 = EXCLUDED.definition_sha256, "
                        + "approved_at = now()")
                .param("server", server)
                .param("tool", tool)
                .param("hash", hash)
                .update();
        cache.put(server + "/" + tool, hash);
    }
}
