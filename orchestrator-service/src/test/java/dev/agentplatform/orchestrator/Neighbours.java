package dev.agentplatform.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.agentplatform.common.ProblemTypes;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * cost-, memory- and mcp-service and the router's agent registry stubbed on one local WireMock
 * server, answering the platform's contracts with friendly defaults that tests override per case.
 * The registry defines the seed's nine agents ({@code registry/seed-agents.json}), all without a
 * provider of their own, so with no key set they answer through the simulated provider.
 */
public final class Neighbours {

    private final WireMockServer server =
            new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));

    private final String agents;

    /** The id of every reservation the stubbed cost-service grants. */
    public static final String RESERVATION = "8a5d7a52-6c56-4d5e-9a0e-3f1f0c9b7f11";

    /**
     * Stubs started at once; the registry lists the seed's agents and {@code extraAgents}.
     *
     * @param extraAgents further agent definitions, each a JSON object
     */
    public Neighbours(String... extraAgents) {
        String seed = seedAgents().strip();
        this.agents = extraAgents.length == 0
                ? seed
                : seed.substring(0, seed.lastIndexOf(']')) + "," + String.join(",", extraAgents) + "]";
        server.start();
        agents(agents, "\"1\"");
    }

    public WireMockServer server() {
        return server;
    }

    /** Points the orchestrator's four clients at this server. */
    public void register(DynamicPropertyRegistry registry) {
        String url = server.baseUrl();
        registry.add("platform.orchestrator.clients.cost-url", () -> url);
        registry.add("platform.orchestrator.clients.memory-url", () -> url);
        registry.add("platform.orchestrator.clients.mcp-url", () -> url);
        registry.add("platform.orchestrator.clients.router-url", () -> url);
    }

    /** The seed's nine agent definitions as the registry lists them. */
    public static String seedAgents() {
        try (var in = Neighbours.class.getResourceAsStream("/registry/seed-agents.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Makes the registry list {@code definitionsJson} (a JSON array of agent definitions) as version {@code etag}. */
    public void agents(String definitionsJson, String etag) {
        server.stubFor(get(urlPathEqualTo("/v1/agents"))
                .willReturn(okJson(definitionsJson).withHeader("ETag", etag)));
    }

    /**
     * Forgets stubs and recorded requests, then answers: budget allowed, reservations granted,
     * empty memory, tools working.
     */
    public void reset() {
        server.resetAll();
        agents(agents, "\"1\"");
        server.stubFor(get(urlPathMatching("/v1/budgets/.+"))
                .willReturn(okJson("{\"userId\":\"u\",\"tier\":\"free\",\"allowed\":true,"
                        + "\"spentTodayUsd\":0.01,\"dailyLimitUsd\":1.00,\"remainingUsd\":0.99}")));
        server.stubFor(post(urlPathEqualTo("/v1/reservations")).willReturn(reserved()));
        server.stubFor(post(urlPathMatching("/v1/reservations/[^/]+/settle"))
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlPathMatching("/v1/reservations/[^/]+"))
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(get(urlPathMatching("/v1/memory/[^/]+/[^/]+"))
                .willReturn(okJson("{\"userId\":\"u\",\"conversationId\":\"c\",\"messages\":[]}")));
        server.stubFor(get(urlPathEqualTo("/v1/memories/context"))
                .willReturn(okJson("{\"items\":[],\"tokens\":0,\"maxTokens\":1500}")));
        server.stubFor(post(urlPathMatching("/v1/memory/[^/]+/[^/]+/(messages|quarantine)"))
                .willReturn(aResponse().withStatus(201)));
        server.stubFor(post(urlPathEqualTo("/v1/capabilities/calculator/call"))
                .willReturn(okJson("{\"capability\":\"calculator\",\"server\":\"everything\",\"tool\":\"get-sum\","
                        + "\"error\":false,\"content\":\"The sum of 2 and 3 is 5.\",\"latencyMs\":12,"
                        + "\"costUsd\":0.00002}")));
        server.stubFor(post(urlPathEqualTo("/v1/capabilities/filesystem/call"))
                .willReturn(okJson("{\"capability\":\"filesystem\",\"server\":\"filesystem\","
                        + "\"tool\":\"list_directory\",\"error\":false,\"content\":\"[FILE] notes.txt\","
                        + "\"latencyMs\":8,\"costUsd\":0.0001}")));
    }

    /** cost-service's answer to a reservation it grants: {@link #RESERVATION}. */
    public static ResponseDefinitionBuilder reserved() {
        return okJson("{\"reservationId\":\"" + RESERVATION + "\",\"amountUsd\":0.001,"
                        + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}")
                .withStatus(201);
    }

    /** cost-service's 402 to a reservation that the daily budget of API key {@code keyId} has no room for. */
    public static ResponseDefinitionBuilder keyBudgetExhausted(String keyId) {
        return aResponse()
                .withStatus(402)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"" + ProblemTypes.BUDGET_EXHAUSTED + "\",\"status\":402,"
                        + "\"title\":\"Budget exhausted\",\"detail\":\"The daily budget of key " + keyId
                        + " has no room\",\"scope\":\"key\",\"scopeId\":\"" + keyId + "\","
                        + "\"limitUsd\":0.001,\"spentUsd\":0.001,\"reservedUsd\":0,"
                        + "\"resetsAt\":\"2030-01-01T00:00:00Z\"}");
    }

    /** Checks that a hold was asked for in the budgets of API key {@code keyId} and its {@code team}. */
    public void verifyReservedFor(String keyId, String team) {
        server.verify(postRequestedFor(urlEqualTo("/v1/reservations"))
                .withRequestBody(matchingJsonPath("$.keyId", equalTo(keyId)))
                .withRequestBody(matchingJsonPath("$.team", equalTo(team))));
    }

    public void stop() {
        server.stop();
    }
}
