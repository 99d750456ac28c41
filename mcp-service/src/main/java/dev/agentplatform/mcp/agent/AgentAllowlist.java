package dev.agentplatform.mcp.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.mcp.platform.PlatformServerProperties;
import dev.agentplatform.support.PlatformException;
import dev.agentplatform.support.http.PooledHttp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Refuses a capability call made for an agent whose definition does not declare the capability. The caller names
 * the agent in {@code X-Agent} ({@link Headers#AGENT}) on {@code POST /v1/capabilities/{name}/call}; the agent's
 * definition is read from the router's registry ({@code GET /v1/agents/{name}}, signed as this service) and kept for
 * {@link #CACHE_FOR}. An agent that does not declare the capability, or that the registry does not know, is a 403
 * problem naming agent and capability; a registry that cannot be asked is a 503 (the call is not made unchecked).
 * A call that names no agent is not checked here.
 */
@Component
public class AgentAllowlist implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AgentAllowlist.class);
    static final Duration CACHE_FOR = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RestClient router;
    /** The capabilities each agent declares; empty for an agent the registry does not know. */
    private final Cache<String, Optional<Set<String>>> declared = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_FOR)
            .maximumSize(10_000)
            .build();

    /** {@code builder}: the auto-configured one, which signs each call as this service. */
    AgentAllowlist(RestClient.Builder builder, PlatformServerProperties properties) {
        this.router = builder.clone()
                .baseUrl(properties.routerUrl().toString())
                .requestFactory(PooledHttp.requestFactory(TIMEOUT, TIMEOUT))
                .build();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String agent = request.getHeader(Headers.AGENT);
        if (agent == null || agent.isBlank()) {
            return true;
        }
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables instanceof Map<?, ?> map && map.get("capability") instanceof String capability) {
            requireDeclared(agent.trim(), capability);
        }
        return true;
    }

    /**
     * @throws PlatformException 403 when {@code agent} does not declare {@code capability} or is not registered; 503
     *     when the registry cannot be asked
     */
    public void requireDeclared(String agent, String capability) {
        Optional<Set<String>> capabilities = declared.get(agent, this::read);
        if (capabilities.isEmpty()) {
            throw refused(agent, capability, "Agent '" + agent + "' is not registered with the router");
        }
        if (!capabilities.get().contains(capability)) {
            throw refused(
                    agent,
                    capability,
                    "Agent '" + agent + "' does not declare capability '" + capability + "'; it declares "
                            + capabilities.get().stream().sorted().toList());
        }
    }

    private Optional<Set<String>> read(String agent) {
        try {
            AgentDefinition definition =
                    router.get().uri("/v1/agents/{name}", agent).retrieve().body(AgentDefinition.class);
            return definition == null ? Optional.empty() : Optional.of(Set.copyOf(definition.capabilities()));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        } catch (RestClientException e) {
            log.warn("could not read agent {} from the router: {}", agent, e.toString());
            throw new PlatformException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemTypes.UNAVAILABLE,
                            "Agent registry unavailable",
                            "The capabilities agent '" + agent + "' may use cannot be read from the router right now")
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .property("agent", agent);
        }
    }

    private static PlatformException refused(String agent, String capability, String detail) {
        return new PlatformException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Capability not allowed", detail)
                .property("agent", agent)
                .property("capability", capability);
    }
}
