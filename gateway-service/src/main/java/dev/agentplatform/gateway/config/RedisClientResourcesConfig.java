package dev.agentplatform.gateway.config;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.tracing.Tracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's Redis client without per-command tracing and latency collection. Every chat
 * completion runs two or three Redis commands (rate limit, cache); an observation, a span and a
 * latency histogram entry for each cost CPU on the gateway's hottest path, while the request itself
 * is still traced and timed ({@code gateway_overhead_seconds}). Defining the resources here makes
 * Spring Boot's own, with its tracing and metrics customizers, stand back.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientResourcesConfig {

    @Bean(destroyMethod = "shutdown")
    ClientResources lettuceClientResources() {
        return DefaultClientResources.builder()
                .tracing(Tracing.disabled())
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
    }
}
