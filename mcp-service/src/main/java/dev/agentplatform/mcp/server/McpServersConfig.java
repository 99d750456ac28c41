package dev.agentplatform.mcp.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class McpServersConfig {

    @Bean
    ServerDirectories serverDirectories(McpServersProperties properties, List<ServerPlaceholders> placeholders) {
        Map<String, String> values = new HashMap<>();
        placeholders.forEach(contributor -> values.putAll(contributor.values()));
        return ServerDirectories.resolve(properties, Path.of(""), values);
    }
}
