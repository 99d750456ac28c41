package dev.agentplatform.support;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.tracing.Tracing;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Every service's Redis client without per-command tracing and latency collection. A request runs
 * several Redis commands (rate limit, cache, events, success rates); an observation, a span and a
 * latency histogram entry for each cost more CPU than the command (bench/e2e), while the requests
 * themselves stay traced and timed, and the stream consumers keep their own lag and throughput
 * metrics. Defining the resources makes Spring Boot's own, with its tracing and metrics
 * customizers, stand back.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(ClientResources.class)
public class RedisClientAutoConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    ClientResources lettuceClientResources() {
        return DefaultClientResources.builder()
                .tracing(Tracing.disabled())
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
    }
}
