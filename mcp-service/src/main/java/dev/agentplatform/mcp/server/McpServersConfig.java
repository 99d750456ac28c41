package dev.agentplatform.mcp.server;

import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class McpServersConfig {

    @Bean
    ServerDirectories serverDirectories(McpServersProperties properties) {
        return ServerDirectories.resolve(properties, Path.of(""));
    }
}
