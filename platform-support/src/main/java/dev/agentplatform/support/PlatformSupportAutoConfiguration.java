package dev.agentplatform.support;

import dev.agentplatform.common.Headers;
import dev.agentplatform.support.security.AnonymousAccess;
import dev.agentplatform.support.security.SecurityProperties;
import dev.agentplatform.support.security.ServiceAuthenticationFilter;
import dev.agentplatform.support.security.ServiceTokenInterceptor;
import dev.agentplatform.support.security.ServiceTokens;
import dev.agentplatform.support.stream.TraceParents;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** Registers the shared wiring for whichever web stack the service runs on. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@Import(StrictJsonConfig.class)
@EnableConfigurationProperties(SecurityProperties.class)
public class PlatformSupportAutoConfiguration {

    /** This service's credentials towards the others; see {@link ServiceTokens}. */
    @Bean
    @ConditionalOnMissingBean
    ServiceTokens serviceTokens(SecurityProperties properties, Environment environment) {
        return new ServiceTokens(
                environment.getProperty("spring.application.name", "unnamed-service"),
                properties.internalSecret(),
                properties.tokenTtl(),
                properties.clockSkew(),
                Clock.systemUTC());
    }

    /** The trace context stream producers put in their entries; see {@link TraceParents}. */
    @Bean
    @ConditionalOnMissingBean
    TraceParents traceParents(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceParents(tracer, propagator);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Import(ServletProblemAdvice.class)
    static class Servlet {

        /** In place of Boot's {@code BasicErrorController}: the error path answers problems. */
        @Bean
        @ConditionalOnMissingBean(type = "org.springframework.boot.webmvc.error.ErrorController")
        ProblemErrorController problemErrorController() {
            return new ProblemErrorController();
        }

        /** After the request id, before the credential: a malformed request is refused whoever asks. */
        @Bean
        FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter() {
            FilterRegistrationBean<MalformedRequestFilter> registration =
                    new FilterRegistrationBean<>(new MalformedRequestFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
            return registration;
        }

        @Bean
        FilterRegistrationBean<ServletRequestIdFilter> requestIdFilter() {
            FilterRegistrationBean<ServletRequestIdFilter> registration =
                    new FilterRegistrationBean<>(new ServletRequestIdFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }

        /** Right after the request id, so a refusal carries it; before anything reads the user. */
        @Bean
        FilterRegistrationBean<ServiceAuthenticationFilter> serviceAuthenticationFilter(
                ServiceTokens tokens, ObjectProvider<AnonymousAccess> anonymous) {
            FilterRegistrationBean<ServiceAuthenticationFilter> registration =
                    new FilterRegistrationBean<>(new ServiceAuthenticationFilter(tokens, anonymous.getIfAvailable()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.boot.jetty.servlet.JettyServletWebServerFactory")
    static class JettyErrors {

        /** {@link JettyProblemErrorHandler} as the server's error handler: Jetty's counterpart of the valve below. */
        @Bean
        WebServerFactoryCustomizer<org.springframework.boot.jetty.servlet.JettyServletWebServerFactory>
                problemErrorHandler() {
            return factory ->
                    factory.addServerCustomizers(server -> server.setErrorHandler(new JettyProblemErrorHandler()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(TomcatServletWebServerFactory.class)
    static class TomcatErrors {

        /**
         * Puts {@link ProblemErrorReportValve} in place of the host's error report valve (Tomcat's
         * default, or the one Boot configures), once the host has its valves and before the
         * application's context starts.
         */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
            return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())
                        && context.getParent() instanceof StandardHost host) {
                    useProblemValve(host);
                }
            }));
        }

        static void useProblemValve(StandardHost host) {
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            boolean present = false;
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ProblemErrorReportValve) {
                    present = true;
                } else if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (!present) {
                host.getPipeline().addValve(new ProblemErrorReportValve());
            }
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

        /** Every call made with the auto-configured builder carries this service's credential. */
        @Bean
        RestClientCustomizer serviceTokenPropagation(ServiceTokens tokens) {
            return builder -> builder.requestInterceptor(new ServiceTokenInterceptor(tokens));
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
