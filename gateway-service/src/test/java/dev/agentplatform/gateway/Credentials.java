package dev.agentplatform.gateway;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;
import dev.agentplatform.support.security.ServiceCaller;
import dev.agentplatform.support.security.ServiceTokenException;
import dev.agentplatform.support.security.TestServiceCalls;

/** Matches what the gateway's service credential on a request to a stubbed service says. */
final class Credentials {

    private Credentials() {}

    /** The request carries the gateway's credential acting for {@code userId} of {@code tier}. */
    static ValueMatcher<Request> actingFor(String userId, String tier) {
        return request -> MatchResult.of(caller(request)
                .map(c -> "gateway-service".equals(c.service())
                        && userId.equals(c.userId())
                        && tier.equals(c.tier())
                        && !c.admin())
                .orElse(false));
    }

    /** The request carries the gateway's credential acting for {@code userId}, whatever the tier. */
    static ValueMatcher<Request> actingFor(String userId) {
        return request -> MatchResult.of(
                caller(request).map(c -> userId.equals(c.userId())).orElse(false));
    }

    /** The service credential of a request to a stubbed service, if it has a valid one. */
    static java.util.Optional<ServiceCaller> caller(Request request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(TestServiceCalls.tokens().verify(authorization.substring("Bearer ".length())));
        } catch (ServiceTokenException e) {
            return java.util.Optional.empty();
        }
    }
}
