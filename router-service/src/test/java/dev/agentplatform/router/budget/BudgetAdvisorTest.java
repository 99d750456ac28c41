package dev.agentplatform.router.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.support.security.TestServiceCalls;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class BudgetAdvisorTest {

    @Test
    void pressureGrowsAsTheRemainingShareFallsBelowTheLowFraction() {
        assertThat(BudgetAdvisor.pressure(check(true, "20", "15"), 0.5)).isZero();
        assertThat(BudgetAdvisor.pressure(check(true, "20", "10"), 0.5)).isZero();
        assertThat(BudgetAdvisor.pressure(check(true, "20", "5"), 0.5)).isEqualTo(0.5);
        assertThat(BudgetAdvisor.pressure(check(true, "20", "0"), 0.5)).isEqualTo(1.0);
        assertThat(BudgetAdvisor.pressure(check(false, "20", "0"), 0.5)).isEqualTo(1.0);
    }

    @Test
    void anUnlimitedTierOrNoAnswerPutsNoPressure() {
        assertThat(BudgetAdvisor.pressure(
                        new BudgetCheck("u", "enterprise", true, BigDecimal.ONE, null, null, "user", "day"), 0.5))
                .isZero();
        assertThat(BudgetAdvisor.pressure(null, 0.5)).isZero();
    }

    @Test
    void anUnreachableCostServiceMeansNoAdvice() {
        BudgetAdvisor advisor = new BudgetAdvisor(
                RestClient.builder(),
                new BudgetProperties(
                        true,
                        java.net.URI.create("http://127.0.0.1:1"),
                        java.time.Duration.ofMillis(200),
                        java.time.Duration.ofSeconds(10),
                        0.5));

        assertThat(advisor.pressure("alice", "free", null, null)).isZero();
    }

    @Test
    void asksCostServiceWithACredentialThatActsForTheUser() throws Exception {
        // cost-service answers a budget only to a credential acting for its user: this one does the same
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer cost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cost.createContext("/v1/budgets/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String user = authorization == null
                    ? null
                    : TestServiceCalls.tokens()
                            .verify(authorization.substring("Bearer ".length()))
                            .userId();
            seen.add(user + " " + exchange.getRequestURI());
            boolean actsForUser = exchange.getRequestURI().getPath().equals("/v1/budgets/" + user);
            byte[] body = actsForUser
                    ? "{\"userId\":\"alice\",\"tier\":\"free\",\"allowed\":true,\"spentTodayUsd\":0.45,\"dailyLimitUsd\":0.50,\"remainingUsd\":0.05}"
                            .getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(actsForUser ? 200 : 403, actsForUser ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cost.start();
        try {
            BudgetAdvisor advisor = advisorOf(cost, Duration.ofSeconds(2), Duration.ofSeconds(10));

            // 0.05 of 0.50 left, under the low fraction 0.5: pressure (0.5 - 0.1) / 0.5
            assertThat(advisor.pressure("alice", "free", null, null)).isCloseTo(0.8, within(1e-9));
            // the API key's and its team's budgets count too: asked for, and advised on apart
            assertThat(advisor.pressure("alice", "free", "docs", "key_a")).isCloseTo(0.8, within(1e-9));
            assertThat(seen)
                    .containsExactly(
                            "alice /v1/budgets/alice?tier=free",
                            "alice /v1/budgets/alice?tier=free&team=docs&keyId=key_a");
        } finally {
            cost.stop(0);
        }
    }

    @Test
    void anExpiredAnswerIsUsedWhileOneCallRefreshesIt() throws Exception {
        // the first answer leaves 0.05 of 0.50 (pressure 0.8); later ones 0.50 (pressure 0), slowly
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer cost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cost.setExecutor(Executors.newCachedThreadPool());
        cost.createContext("/v1/budgets/", exchange -> {
            int call = calls.incrementAndGet();
            if (call > 1) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String remaining = call == 1 ? "0.05" : "0.50";
            byte[] body = ("{\"userId\":\"alice\",\"tier\":\"free\",\"allowed\":true,\"spentTodayUsd\":0,"
                            + "\"dailyLimitUsd\":0.50,\"remainingUsd\":" + remaining + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cost.start();
        try {
            BudgetAdvisor advisor = advisorOf(cost, Duration.ofSeconds(10), Duration.ofMillis(100));
            assertThat(advisor.pressure("alice", "free", null, null)).isCloseTo(0.8, within(1e-9));
            Thread.sleep(150);

            // expired: every request still gets the last answer while one call (held by the server) refreshes it
            for (int i = 0; i < 20; i++) {
                assertThat(advisor.pressure("alice", "free", null, null)).isCloseTo(0.8, within(1e-9));
            }
            assertThat(calls.get()).isLessThanOrEqualTo(2);

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (advisor.pressure("alice", "free", null, null) != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(advisor.pressure("alice", "free", null, null)).isZero();
        } finally {
            cost.stop(0);
        }
    }

    /** An advisor that asks {@code cost} with the service credential. */
    private static BudgetAdvisor advisorOf(HttpServer cost, Duration timeout, Duration cacheTtl) {
        return new BudgetAdvisor(
                RestClient.builder().requestInterceptor(TestServiceCalls.asService()),
                new BudgetProperties(
                        true, URI.create("http://127.0.0.1:" + cost.getAddress().getPort()), timeout, cacheTtl, 0.5));
    }

    private static BudgetCheck check(boolean allowed, String limit, String remaining) {
        return new BudgetCheck(
                "u", "free", allowed, BigDecimal.ZERO, new BigDecimal(limit), new BigDecimal(remaining), "user", "day");
    }
}
