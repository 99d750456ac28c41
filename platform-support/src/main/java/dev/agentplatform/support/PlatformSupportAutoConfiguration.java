package dev.agentplatform.support;

import dev.agentplatform.common.Headers;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/** Registers the shared wiring for whichever web stack the service runs on. */
@AutoConfiguration
@Import(StrictJsonConfig.class)
public class PlatformSupportAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Import(ServletProblemAdvice.class)
    static class Servlet {

        @Bean
        FilterRegistrationBean<ServletRequestIdFilter> requestIdFilter() {
            FilterRegistrationBean<ServletRequestIdFilter> registration =
                    new FilterRegistrationBean<>(new ServletRequestIdFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class OutboundRequestId {

        /** Carries the current request id on every call made with the auto-configured builder. */
        @Bean
        RestClientCustomizer requestIdPropagation() {
            return builder -> builder.requestInterceptor((request, body, execution) -> {
                String requestId = MDC.get(RequestIds.MDC_KEY);
                if (requestId != null && !request.getHeaders().containsHeader(Headers.REQUEST_ID)) {
                    request.getHeaders().set(Headers.REQUEST_ID, requestId);
                }
                return execution.execute(request, body);
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @Import(ReactiveProblemAdvice.class)
    static class Reactive {

        @Bean
        ReactiveRequestIdFilter reactiveRequestIdFilter() {
            return new ReactiveRequestIdFilter();
        }
    }
}
