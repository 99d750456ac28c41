package dev.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A budget holds across instances: two gateways, each in front of a router and an orchestrator of
 * its own, share cost-service, Redis and PostgreSQL as replicas in a cluster do. A hundred
 * concurrent requests of one user, half through each gateway, at the edge of a $0.01 budget: what
 * the user is charged never passes the budget by more than one request, every refusal is a 402
 * problem, and the ledger holds exactly what the answers said they cost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetAcrossInstancesIT {

    private static final int REDIS_DB = 8;
    private static final String ADMIN_KEY = "e2e-budget-admin";
    private static final BigDecimal BUDGET = new BigDecimal("0.01");
    private static final int REQUESTS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlatformUnderTest platform;
    private ServiceProcesses second;

    @BeforeAll
    void startTwoOfEachFrontService() throws Exception {
        Map<String, String> env = Map.of("PLATFORM_ADMIN_KEY", ADMIN_KEY, "PLATFORM_DEV_KEY", "e2e-budget-dev");
        platform = new PlatformUnderTest("budget", REDIS_DB, env);
        try {
            Path root = Path.of(System.getProperty("user.dir")).getParent();
            second = new ServiceProcesses(
                    root,
                    Path.of("target", "e2e-logs", "budget-second"),
                    List.of("orchestrator-service", "router-service", "gateway-service"),
                    platform.services());
            Map<String, String> shared = new HashMap<>(env);
            shared.put("REDIS_URL", platform.redisUrl());
            shared.put("DATABASE_URL", platform.database().databaseUrl());
            second.start(shared);
            second.awaitReady(Duration.ofMinutes(4));
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aHundredConcurrentRequestsThroughTwoGatewaysNeverOverspendTheUsersBudget() throws Exception {
        String user = "budget-edge-user";
        HttpResponse<String> budget = admin(HttpRequest.newBuilder(platform.gateway("/admin/v1/budgets/user/" + user))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"dailyUsd\": " + BUDGET + "}")));
        assertThat(budget.statusCode()).as(budget.body()).isBetween(200, 204);
        HttpResponse<String> issued = admin(HttpRequest.newBuilder(platform.gateway("/admin/v1/keys"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\": \"" + user + "\", \"tier\": \"enterprise\"}")));
        assertThat(issued.statusCode()).as(issued.body()).isBetween(200, 201);
        String key = JSON.readTree(issued.body()).get("key").asString();
        List<String> gateways = List.of(platform.url("gateway-service"), second.url("gateway-service"));

        List<HttpResponse<String>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                URI uri = URI.create(gateways.get(i % 2) + "/v1/chat/completions");
                String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"Explain topic number " + i + " of distributed systems in detail\"}]}";
                sent.add(pool.submit(() -> {
                    start.await();
                    return platform.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .header("Cache-Control", "no-store")
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<BigDecimal> charged = new ArrayList<>();
        int refused = 0;
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 200) {
                charged.add(
                        new BigDecimal(answer.headers().firstValue("X-Cost-USD").orElseThrow()));
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(402);
                assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                        .contains("application/problem+json");
                refused++;
            }
        }
        BigDecimal answered = charged.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal largest = charged.stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        // the budget was at its edge: some were answered, the rest refused
        assertThat(charged).isNotEmpty();
        assertThat(refused).isPositive();
        assertThat(answered).isLessThanOrEqualTo(BUDGET.add(largest));

        // the usage events reach the ledger from the stream: wait until it holds them all
        BigDecimal ledger = BigDecimal.ZERO;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ledger = ledgerOf(user);
            if (ledger.compareTo(answered) >= 0) {
                break;
            }
            Thread.sleep(250);
        }
        System.out.printf(
                "budget %s, %d concurrent through two gateways: %d answered ($%s, largest $%s), %d refused; ledger $%s%n",
                BUDGET, REQUESTS, charged.size(), answered, largest, refused, ledger);
        assertThat(ledger).isEqualByComparingTo(answered);
        assertThat(ledger).isLessThanOrEqualTo(BUDGET.add(largest));
    }

    private BigDecimal ledgerOf(String user) throws Exception {
        HttpResponse<String> costs = admin(HttpRequest.newBuilder(platform.gateway("/admin/v1/costs?groupBy=user"))
                .GET());
        assertThat(costs.statusCode()).as(costs.body()).isEqualTo(200);
        for (JsonNode group : JSON.readTree(costs.body()).get("groups")) {
            if (user.equals(group.get("key").asString())) {
                return group.get("costUsd").decimalValue();
            }
        }
        return BigDecimal.ZERO;
    }

    private HttpResponse<String> admin(HttpRequest.Builder request) throws Exception {
        return platform.send(request.header("Authorization", "Bearer " + ADMIN_KEY));
    }
}
