package dev.agentplatform.orchestrator.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

/** Builds one neighbour's client from Boot's builder, keeping its observation and request-id wiring. */
final class RestClients {

    private RestClients() {}

    static RestClient build(RestClient.Builder builder, URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        return builder.clone()
                .baseUrl(baseUrl.toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        // Plain HTTP/1.1: the JDK client's h2c upgrade attempt buys nothing between services.
                        .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                        .build(HttpClientSettings.defaults().withTimeouts(connectTimeout, readTimeout)))
                .build();
    }
}
