package dev.agentplatform.mcp.capability;

import dev.agentplatform.support.security.AnonymousAccess;
import dev.agentplatform.support.security.AnonymousAccess.Endpoint;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two capability endpoints a local caller may use without a credential; see {@link AnonymousProperties}. */
@Configuration(proxyBeanMethods = false)
class AnonymousAccessConfig {

    private static final Logger log = LoggerFactory.getLogger(AnonymousAccessConfig.class);

    @Bean
    AnonymousAccess anonymousCapabilityAccess(AnonymousProperties properties) {
        if (properties.enabled()) {
            log.info(
                    "Anonymous capability calls from loopback are served as user '{}' ({}), free entries only;"
                            + " platform.mcp.anonymous.enabled=false turns them off",
                    properties.userId(),
                    properties.tier());
        }
        return new AnonymousAccess(
                properties.enabled(),
                properties.userId(),
                properties.tier(),
                List.of(
                        Endpoint.of("GET", "/v1/capabilities"),
                        Endpoint.of("POST", "/v1/capabilities/" + ToolRegistration.NAME + "/call")));
    }
}
