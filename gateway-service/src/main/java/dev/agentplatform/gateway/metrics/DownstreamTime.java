package dev.agentplatform.gateway.metrics;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.server.ServerWebExchange;

/** The time an exchange spent waiting for services behind the gateway, as the handlers report it. */
public final class DownstreamTime {

    static final String ATTRIBUTE = DownstreamTime.class.getName();

    private DownstreamTime() {}

    /** Adds {@code nanos} of waiting for a downstream service to the exchange's account. */
    public static void add(ServerWebExchange exchange, long nanos) {
        AtomicLong total = exchange.getAttribute(ATTRIBUTE);
        if (total != null) {
            total.addAndGet(nanos);
        }
    }
}
