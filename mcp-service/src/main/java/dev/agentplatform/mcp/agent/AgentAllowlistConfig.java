package dev.agentplatform.mcp.agent;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Checks every capability call that names an agent against that agent's allowlist. */
@Configuration(proxyBeanMethods = false)
class AgentAllowlistConfig implements WebMvcConfigurer {

    private final AgentAllowlist allowlist;

    AgentAllowlistConfig(AgentAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(allowlist).addPathPatterns("/v1/capabilities/*/call");
    }
}
