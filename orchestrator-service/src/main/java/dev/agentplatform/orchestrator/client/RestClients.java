package dev.agentplatform.orchestrator.client;

import dev.agentplatform.support.http.PooledHttp;
import java.net.URI;
import java.time.Duration;
import org.springframework.web.client.RestClient;

/** Builds one neighbour's client from Boot's builder, keeping its observation and request-id wiring. */
final class RestClients {

    private RestClients() {}

    static RestClient build(RestClient.Builder builder, URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        return builder.clone()
                .baseUrl(baseUrl.toString())
                .requestFactory(PooledHttp.requestFactory(connectTimeout, readTimeout))
                .build();
    }
}
