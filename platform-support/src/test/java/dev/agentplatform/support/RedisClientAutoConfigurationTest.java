package dev.agentplatform.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RedisClientAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .withConfiguration(AutoConfigurations.of(
                    RedisClientAutoConfiguration.class,
                    DataRedisAutoConfiguration.class,
                    LettuceObservationAutoConfiguration.class));

    @Test
    void theRedisClientNeitherTracesNorTimesEachCommandEvenWithAnObservationRegistry() {
        context.run(ctx -> {
            assertThat(ctx).hasSingleBean(ClientResources.class);
            ClientResources resources = ctx.getBean(ClientResources.class);
            assertThat(resources.tracing().isEnabled()).isFalse();
            assertThat(resources.commandLatencyRecorder().isEnabled()).isFalse();
        });
    }

    @Test
    void withoutOursBootWouldTraceEveryCommand() {
        new ApplicationContextRunner()
                .withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withConfiguration(AutoConfigurations.of(
                        DataRedisAutoConfiguration.class, LettuceObservationAutoConfiguration.class))
                .run(ctx -> assertThat(
                                ctx.getBean(ClientResources.class).tracing().isEnabled())
                        .isTrue());
    }

    @Test
    void aServiceThatDefinesItsOwnResourcesKeepsThem() {
        ClientResources own = ClientResources.builder().build();
        try {
            context.withBean("custom", ClientResources.class, () -> own)
                    .run(ctx -> assertThat(ctx.getBean(ClientResources.class)).isSameAs(own));
        } finally {
            own.shutdown();
        }
    }
}
