package dev.agentplatform.gateway.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud Gateway records proxied calls as {@code http.client.requests*} with its own tags,
 * which Prometheus refuses beside the WebClient's meters of the same name (one tag set per name):
 * the proxied calls would silently go unmeasured. They are renamed to {@code gateway.proxy.requests*}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayMetricsConfig {

    static final String GATEWAY_ROUTE_TAG = "spring.cloud.gateway.route.id";
    static final String CLIENT_REQUESTS = "http.client.requests";

    @Bean
    MeterFilter separateProxiedRequestMeters() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(CLIENT_REQUESTS) && id.getTag(GATEWAY_ROUTE_TAG) != null
                        ? id.withName("gateway.proxy.requests" + id.getName().substring(CLIENT_REQUESTS.length()))
                        : id;
            }
        };
    }
}
