package dev.agentplatform.orchestrator.client;

import dev.agentplatform.common.AgentDefinition;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads the agent definitions from the registry (router-service {@code GET /v1/agents}) with the
 * registry's version as ETag: an unchanged registry answers 304 and costs next to nothing, so the
 * catalog can ask every second.
 */
@Component
public class RegistryClient {

    private static final ParameterizedTypeReference<List<AgentDefinition>> DEFINITIONS =
            new ParameterizedTypeReference<>() {};

    private final RestClient rest;

    @Autowired
    RegistryClient(RestClient.Builder builder, ClientsProperties properties) {
        this(RestClients.build(builder, properties.routerUrl(), properties.connectTimeout(), properties.readTimeout()));
    }

    /** A client calling the registry through {@code rest}, whose base URL is the router's. */
    public RegistryClient(RestClient rest) {
        this.rest = rest;
    }

    /**
     * The definitions, unless they are still those of {@code etag}.
     *
     * @param etag the ETag of the definitions held, or {@code null}
     * @return the definitions and their ETag; empty when unchanged
     * @throws RestClientException when the registry is unreachable or answers with an error
     */
    public Optional<Definitions> fetch(String etag) {
        ResponseEntity<List<AgentDefinition>> response = rest.get()
                .uri("/v1/agents")
                .headers(headers -> {
                    if (etag != null) {
                        headers.setIfNoneMatch(etag);
                    }
                })
                .retrieve()
                .toEntity(DEFINITIONS);
        if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_MODIFIED)) {
            return Optional.empty();
        }
        List<AgentDefinition> body = response.getBody();
        return Optional.of(new Definitions(
                body == null ? List.of() : body, response.getHeaders().getETag()));
    }

    /**
     * The definitions as of one registry version.
     *
     * @param agents every agent's definition
     * @param etag the registry's version, to ask whether it changed; {@code null} when not given
     */
    public record Definitions(List<AgentDefinition> agents, String etag) {}
}
