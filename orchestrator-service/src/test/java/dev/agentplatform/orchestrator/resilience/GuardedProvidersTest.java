package dev.agentplatform.orchestrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.orchestrator.provider.ProviderException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardedProvidersTest {

    @Test
    void retriesOnlyBackendFailuresAndShortThrottles() {
        assertThat(GuardedProviders.retriable(new ProviderException(ProviderException.PROVIDER_ERROR, true, "500")))
                .isTrue();
        assertThat(GuardedProviders.retriable(
                        new ProviderException(ProviderException.RATE_LIMITED, true, "429", Duration.ofMillis(500))))
                .isTrue();
    }

    @Test
    void neverRetriesTimeoutsRefusalsOrLongThrottlesAtTheSameProvider() {
        assertThat(GuardedProviders.retriable(new ProviderException(ProviderException.TIMEOUT, true, "slow")))
                .isFalse();
        assertThat(GuardedProviders.retriable(new ProviderException(ProviderException.AUTH_ERROR, false, "401")))
                .isFalse();
        assertThat(GuardedProviders.retriable(new ProviderException(GuardedProviders.CIRCUIT_OPEN, true, "open")))
                .isFalse();
        assertThat(GuardedProviders.retriable(
                        new ProviderException(ProviderException.RATE_LIMITED, true, "429", Duration.ofSeconds(30))))
                .isFalse();
        assertThat(GuardedProviders.retriable(new IllegalStateException("bug"))).isFalse();
    }
}
