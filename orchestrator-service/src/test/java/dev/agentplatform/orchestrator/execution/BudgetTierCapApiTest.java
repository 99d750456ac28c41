package dev.agentplatform.orchestrator.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.TaskResult;
import dev.agentplatform.orchestrator.Executions;
import dev.agentplatform.orchestrator.Neighbours;
import dev.agentplatform.orchestrator.RecordingExecutionEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Expensive to cheap as a policy: once what is left of the binding budget (of the user's, its
 * team's and its API key's, the one with the smallest share left, as cost-service answers) falls
 * under a step (default: quality below 25%, cheap below 10%, free below 3%), a premium agent calls
 * the capped tier's chain instead of its own model, and the answer says so; with plenty left, or
 * with {@code X-Cost-Policy: strict}, it calls its own (cost-service stubbed). An instance running more tasks
 * than {@code overload-in-flight} caps a new one at the free tier the same way, and so does the gateway's
 * word that it admitted the request overloaded.
 */
@Import(RecordingExecutionEvents.Replacing.class)
@TestPropertySource(locations = "classpath:execution/two-tier-models.properties")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.orchestrator.clients.budget-cache-ttl=0",
            "platform.orchestrator.tasks.consumer-enabled=false",
            "platform.orchestrator.chaos.refresh=1h",
            "platform.orchestrator.simulated.latency-ms=0",
            "platform.orchestrator.budget-leases.enabled=false",
            "platform.orchestrator.chains.premium=sim-premium",
            "platform.orchestrator.chains.quality=sim-premium",
            "platform.orchestrator.chains.cheap=sim-cheap",
            "platform.orchestrator.chains.free=sim-cheap"
        })
class BudgetTierCapApiTest {

    private static final Neighbours neighbours = new Neighbours(
            "{\"name\":\"writer\",\"team\":\"docs\","
                    + "\"description\":\"Writes.\",\"systemPrompt\":\"You write crisp prose.\",\"tier\":\"premium\","
                    + "\"provider\":\"sim-premium\"}",
            "{\"name\":\"editor\",\"team\":\"docs\",\"description\":\"Edits.\",\"systemPrompt\":\"You edit.\","
                    + "\"tier\":\"quality\",\"provider\":\"sim-cheap\"}");

    @DynamicPropertySource
    static void neighbours(DynamicPropertyRegistry registry) {
        neighbours.register(registry);
    }

    @AfterAll
    static void stopNeighbours() {
        neighbours.stop();
    }

    @Value("${local.server.port}")
    int port;

    RestTestClient http;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void setUp() {
        neighbours.reset();
        http = Executions.client(port);
    }

    /** cost-service's standing of the user's daily budget of $1.00: {@code remaining} left. */
    private static void budgetLeft(String remaining) {
        neighbours
                .server()
                .stubFor(get(urlPathMatching("/v1/budgets/.+")).willReturn(okJson(standing(true, remaining, null))));
    }

    /**
     * cost-service's answer for alice's budgets with API key {@code key_a} of team {@code docs} (and
     * only for those): {@code scope}'s daily budget of $1.00 binds with {@code remaining} left.
     */
    private static void keyedBudgetLeft(String scope, boolean allowed, String remaining) {
        neighbours
                .server()
                .stubFor(get(urlPathEqualTo("/v1/budgets/alice"))
                        .withQueryParam("team", equalTo("docs"))
                        .withQueryParam("keyId", equalTo("key_a"))
                        .willReturn(okJson(standing(allowed, remaining, scope))));
    }

    /** cost-service's budget check for alice: a daily budget of $1.00 ({@code scope}'s, when named) with {@code remaining} left. */
    private static String standing(boolean allowed, String remaining, String scope) {
        return "{\"userId\":\"alice\",\"tier\":\"pro\",\"allowed\":" + allowed
                + ",\"spentTodayUsd\":"
                + new java.math.BigDecimal("1.00").subtract(new java.math.BigDecimal(remaining))
                + ",\"dailyLimitUsd\":1.00,\"remainingUsd\":" + remaining
                + (scope == null ? "" : ",\"scope\":\"" + scope + "\",\"period\":\"day\"") + "}";
    }

    private RestTestClient.ResponseSpec send(String policy) {
        return send("writer", policy, false, null, null);
    }

    /**
     * Sends a task for {@code agent} of alice with the caller's {@code X-Cost-Policy}, the gateway's
     * overload word, and API key {@code keyId} of {@code team} when given.
     */
    private RestTestClient.ResponseSpec send(
            String agent, String policy, boolean overloaded, String keyId, String team) {
        return http.post()
                .uri("/v1/executions")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    headers.set("X-User-Id", "alice");
                    headers.set("X-User-Tier", "pro");
                    if (policy != null) {
                        headers.set("X-Cost-Policy", policy);
                    }
                    if (overloaded) {
                        headers.set("X-Platform-Overloaded", "true");
                    }
                    if (keyId != null) {
                        headers.set("X-Key-Id", keyId);
                    }
                    if (team != null) {
                        headers.set("X-User-Team", team);
                    }
                })
                .body(Executions.request("t-" + System.nanoTime(), "Write a haiku about budgets", "SINGLE", agent))
                .exchange();
    }

    /** Sends a task and expects an answer without {@code X-Cost-Downgraded}. */
    private TaskResult answeredWithoutDowngrade() {
        return answeredWithoutDowngrade(send(null));
    }

    /** Expects {@code response} to be an answer without {@code X-Cost-Downgraded}. */
    private static TaskResult answeredWithoutDowngrade(RestTestClient.ResponseSpec response) {
        return answered(response.expectHeader().doesNotExist("X-Cost-Downgraded"));
    }

    /** Expects {@code response} to be an answer. */
    private static TaskResult answered(RestTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isOk()
                .expectBody(TaskResult.class)
                .returnResult()
                .getResponseBody();
    }

    /** Sends a task and expects the cheap model's answer, said so in {@code X-Cost-Downgraded}. */
    private void answeredByTheCheapModel() {
        answeredByTheCheapModel(send(null));
    }

    /** Expects {@code response} to be the cheap model's answer, said so in {@code X-Cost-Downgraded}. */
    private void answeredByTheCheapModel(RestTestClient.ResponseSpec response) {
        TaskResult result = answered(response.expectHeader().valueEquals("X-Cost-Downgraded", "opus-like->mini-like"));

        assertThat(result.provider()).isEqualTo("sim-cheap");
        assertThat(result.model()).isEqualTo("mini-like");
    }

    @Test
    void underTenPercentLeftAPremiumAgentCallsTheCheapTierAndSaysSo() {
        budgetLeft("0.05");

        answeredByTheCheapModel();
    }

    @Test
    void anAgentWhoseOwnModelServesTheCappedTierKeepsItAndIsNotCalledDowngraded() {
        budgetLeft("0.05");

        TaskResult result = answeredWithoutDowngrade(send("editor", null, false, null, null));

        assertThat(result.provider()).isEqualTo("sim-cheap");
    }

    @Test
    void withPlentyLeftThePremiumAgentCallsItsOwnModel() {
        budgetLeft("0.90");

        TaskResult result = answeredWithoutDowngrade();

        assertThat(result.provider()).isEqualTo("sim-premium");
    }

    @Test
    void aTeamBudgetNearlySpentCapsTheTierAlthoughTheUsersOwnIsUntouched() {
        budgetLeft("1.00");
        keyedBudgetLeft("team", true, "0.05");

        answeredByTheCheapModel(send("writer", null, false, "key_a", "docs"));

        neighbours
                .server()
                .verify(getRequestedFor(urlPathEqualTo("/v1/budgets/alice"))
                        .withQueryParam("tier", equalTo("pro"))
                        .withQueryParam("team", equalTo("docs"))
                        .withQueryParam("keyId", equalTo("key_a")));
        // without the key (so without its team's budget) alice's own untouched budget answers
        assertThat(answeredWithoutDowngrade().provider()).isEqualTo("sim-premium");
        neighbours
                .server()
                .verify(getRequestedFor(urlPathEqualTo("/v1/budgets/alice"))
                        .withQueryParam("team", absent())
                        .withQueryParam("keyId", absent()));
    }

    @Test
    void aSpentKeyBudgetRefusesTheTaskNamingTheKey() {
        budgetLeft("1.00");
        keyedBudgetLeft("key", false, "0");

        send("writer", null, false, "key_a", "docs")
                .expectStatus()
                .isEqualTo(402)
                .expectBody()
                .jsonPath("$.scope")
                .isEqualTo("key")
                .jsonPath("$.period")
                .isEqualTo("day")
                .jsonPath("$.detail")
                .isEqualTo("The daily budget of API key key_a is spent");
    }

    @Test
    void theStrictPolicyKeepsTheAgentsOwnModelWhateverIsLeft() {
        budgetLeft("0.05");

        TaskResult result = answered(send("strict"));

        assertThat(result.provider()).isEqualTo("sim-premium");
    }

    @Test
    void aTaskTheGatewayAdmittedOverloadedCallsTheFreeTierAndSaysSoUnlessStrict() {
        budgetLeft("0.90");

        for (String policy : new String[] {null, "strict"}) {
            TaskResult result = answered(send("writer", policy, true, null, null));

            assertThat(result.provider()).isEqualTo(policy == null ? "sim-cheap" : "sim-premium");
        }
        assertThat(meters.get("orchestrator.overload.tier.capped")
                        .tag("overloaded", "gateway")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void theStepsPickTheCheapestTierWhoseShareIsAboveWhatIsLeft() {
        ExecutionProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                                java.util.Map.of()))
                .bindOrCreate("platform.orchestrator.execution", ExecutionProperties.class);

        assertThat(defaults.tierCap(0.5)).isNull();
        assertThat(defaults.tierCap(0.2)).isEqualTo(dev.agentplatform.common.ModelTier.QUALITY);
        assertThat(defaults.tierCap(0.05)).isEqualTo(dev.agentplatform.common.ModelTier.CHEAP);
        assertThat(defaults.tierCap(0.01)).isEqualTo(dev.agentplatform.common.ModelTier.FREE);
    }
    /** Over one task in flight (the first one's model takes a second), the next one is capped at free. */
    @Nested
    @TestPropertySource(
            properties = {
                "platform.orchestrator.execution.overload-in-flight=1",
                "platform.orchestrator.simulated.latency-ms=1500"
            })
    class UnderOverload {

        @Autowired
        MeterRegistry meters;

        @Test
        void aTaskStartedWhileTheInstanceIsOverloadedCallsTheFreeTierAndSaysSo() throws Exception {
            budgetLeft("0.90");
            CompletableFuture<TaskResult> first =
                    CompletableFuture.supplyAsync(BudgetTierCapApiTest.this::answeredWithoutDowngrade);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (meters.get("orchestrator.executions.in.flight").gauge().value() < 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            answeredByTheCheapModel();
            assertThat(first.get(10, TimeUnit.SECONDS).provider()).isEqualTo("sim-premium");
            assertThat(meters.get("orchestrator.overload.tier.capped")
                            .tag("overloaded", "orchestrator")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }
}
