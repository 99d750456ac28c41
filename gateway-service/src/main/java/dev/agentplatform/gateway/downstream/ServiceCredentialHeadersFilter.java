package dev.agentplatform.gateway.downstream;

import dev.agentplatform.common.Headers;
import dev.agentplatform.gateway.auth.Caller;
import dev.agentplatform.support.security.ServiceTokens;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The last word on what a proxied request tells the service behind: the gateway's service credential
 * naming the authenticated caller (and, for the admin key, the admin's authority), and no identity
 * header, API key or gateway-only header of the client's. Runs after Spring Cloud Gateway's own
 * header filters, on the headers that are actually sent.
 */
@Component
class ServiceCredentialHeadersFilter implements HttpHeadersFilter, Ordered {

    private final ServiceTokens tokens;

    ServiceCredentialHeadersFilter(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders sent = new HttpHeaders();
        sent.putAll(input);
        sent.remove(Headers.USER_ID);
        sent.remove(Headers.USER_TIER);
        sent.remove(Headers.KEY_ID);
        sent.remove(Headers.USER_TEAM);
        sent.remove(Headers.API_KEY);
        sent.remove(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller = Caller.find(exchange);
        sent.setBearerAuth(
                caller.isPresent()
                        ? tokens.issue(
                                caller.get().userId(),
                                caller.get().tier(),
                                caller.get().keyId(),
                                caller.get().team(),
                                caller.get().admin())
                        : tokens.issue());
        return sent;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
