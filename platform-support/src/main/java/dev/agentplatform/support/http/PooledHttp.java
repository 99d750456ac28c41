package dev.agentplatform.support.http;

import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The request factory of every call from one service to another: Apache HttpClient 5 (classic,
 * blocking) with a pool of keep-alive connections, so the call runs on the caller's own thread.
 * The JDK client hands every exchange to a selector thread and an executor, which cost each hop
 * 1-3 ms of CPU per request at C1 (bench/e2e); Apache's defaults do not suit either (5 connections
 * per route, and a POST answered 503 or 429 is sent again, which would run a task or reserve a
 * budget twice), so both are set here. Retries and fallbacks stay the caller's decision.
 *
 * <p>Services that use it declare {@code org.apache.httpcomponents.client5:httpclient5} themselves:
 * on the class path, Boot would make it every {@code RestClient}'s default.
 */
public final class PooledHttp {

    /** Tomcat's default request threads: no request waits for a connection to a neighbour. */
    public static final int DEFAULT_MAX_CONNECTIONS = 200;

    private PooledHttp() {}

    /** A pooled factory with {@link #DEFAULT_MAX_CONNECTIONS} connections to each neighbour. */
    public static ClientHttpRequestFactory requestFactory(Duration connectTimeout, Duration readTimeout) {
        return requestFactory(connectTimeout, readTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    /** A pooled factory with at most {@code maxConnections} connections, never retrying on its own. */
    public static ClientHttpRequestFactory requestFactory(
            Duration connectTimeout, Duration readTimeout, int maxConnections) {
        return ClientHttpRequestFactoryBuilder.httpComponents()
                .withConnectionManagerCustomizer(
                        pool -> pool.setMaxConnPerRoute(maxConnections).setMaxConnTotal(maxConnections))
                .withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
                .build(HttpClientSettings.defaults().withTimeouts(connectTimeout, readTimeout));
    }
}
