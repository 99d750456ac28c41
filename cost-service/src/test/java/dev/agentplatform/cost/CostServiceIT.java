package dev.agentplatform.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.agentplatform.common.BudgetCheck;
import dev.agentplatform.common.Headers;
import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.Streams;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.support.security.TestServiceCalls;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost service as a whole against real Redis (database 12) and a PostgreSQL database of its
 * own: events go in through the {@code platform.usage} stream, answers come out over HTTP. One
 * application context serves every nested group (so no {@code @DirtiesContext}: nested classes
 * inherit it and would close the context between groups); {@link #cleanUp()} stops its consumer.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.cost.usage-stream.block=200ms",
            "platform.cost.usage-stream.retry-backoff=200ms",
            "platform.cost.usage-stream.claim-min-idle=1s",
            "platform.cost.usage-stream.claim-interval=500ms"
        })
@Import(SettableClock.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostServiceIT {

    private static final TestDatabase database = TestInfrastructure.createDatabase("cost_it");
    private static final String GROUP = "cost-service";
    private static final String DEAD = Streams.USAGE + ".dead";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static final String WEBHOOK_SECRET = "test-webhook-secret";
    private static final WebhookListener webhook = new WebhookListener();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        CostTestInfrastructure.flushRedis();
        CostTestInfrastructure.register(registry, database);
        registry.add("platform.cost.alerts.webhook-url", webhook::url);
        registry.add("platform.cost.alerts.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("platform.cost.alerts.retry-backoff", () -> "100ms");
    }

    @Autowired
    SettableClock clock;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    @Qualifier("usageStreamConsumer")
    Lifecycle consumer;

    @Value("${local.server.port}")
    int port;

    RestTestClient http;

    @AfterEach
    void resumeClock() {
        clock.resume();
    }

    @BeforeEach
    void client() {
        http = RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asService())
                .build();
    }

    @AfterAll
    void cleanUp() {
        // Stop consuming before emptying Redis, or the consumer would recreate the stream and group.
        consumer.stop();
        CostTestInfrastructure.flushRedis();
        database.drop();
        webhook.stop();
    }

    @Nested
    class UsageStream {

        @Test
        void booksAnEventOnceEvenWhenItIsPublishedTwice() {
            UsageRecorded event = event(newUser(), "python", "0.0125");

            publish(event);
            awaitConsumed(publish(event));

            assertThat(rowsFor(event.eventId())).isEqualTo(1);
            Map<String, Object> row = jdbc.sql("SELECT user_id, agent, cost_usd, prompt_tokens, traceparent "
                            + "FROM cost.usage_ledger WHERE event_id = ?")
                    .param(event.eventId())
                    .query()
                    .singleRow();
            assertThat(row.get("user_id")).isEqualTo(event.userId());
            assertThat(row.get("agent")).isEqualTo("python");
            assertThat((BigDecimal) row.get("cost_usd")).isEqualByComparingTo("0.0125");
            assertThat(row.get("prompt_tokens")).isEqualTo(120);
            assertThat(row.get("traceparent")).isEqualTo(TRACEPARENT);
        }

        @Test
        void booksABatchOnceEachAndDeadLettersOnlyTheRowTheLedgerRefuses() {
            long deadBefore = length(DEAD);
            UsageRecorded first = event(newUser(), "python", "0.10");
            UsageRecorded refused = event(newUser(), "python", "12345678901.5");
            UsageRecorded second = event(newUser(), "sql", "0.20");

            // one XADD after the other: the consumer reads them as one batch or a few
            publish(first);
            RecordId refusedId = publish(refused);
            publish(first);
            awaitConsumed(publish(second));

            assertThat(rowsFor(first.eventId())).isEqualTo(1);
            assertThat(rowsFor(second.eventId())).isEqualTo(1);
            assertThat(rowsFor(refused.eventId())).isZero();
            List<MapRecord<String, Object, Object>> dead = redis.opsForStream().range(DEAD, Range.unbounded());
            assertThat(dead).hasSize((int) deadBefore + 1);
            assertThat(dead.get(dead.size() - 1).getValue())
                    .containsEntry("sourceId", refusedId.getValue())
                    .hasEntrySatisfying(
                            "reason", reason -> assertThat((String) reason).startsWith("rejected by the ledger"));
        }

        @Test
        void movesMalformedEntriesToTheDeadStreamWithoutBlockingTheNext() {
            long deadBefore = length(DEAD);
            RecordId notJson = publishRaw(Map.of(
                    Streams.FIELD_EVENT_ID,
                    "bad-" + UUID.randomUUID(),
                    Streams.FIELD_PAYLOAD,
                    "{not json",
                    Streams.FIELD_TRACEPARENT,
                    TRACEPARENT));
            RecordId wrongType = publishRaw(Map.of(
                    Streams.FIELD_EVENT_ID,
                    "bad-" + UUID.randomUUID(),
                    Streams.FIELD_PAYLOAD,
                    "{\"eventId\":\"x\",\"userId\":\"alice\",\"costUsd\":\"a lot\"}"));
            UsageRecorded good = event(newUser(), "sql", "0.5");
            awaitConsumed(publish(good));

            assertThat(rowsFor(good.eventId())).isEqualTo(1);
            List<MapRecord<String, Object, Object>> dead = redis.opsForStream().range(DEAD, Range.unbounded());
            assertThat(dead).hasSize((int) deadBefore + 2);
            List<MapRecord<String, Object, Object>> added = dead.subList(dead.size() - 2, dead.size());
            assertThat(added)
                    .extracting(record -> record.getValue().get("sourceId"))
                    .containsExactly(notJson.getValue(), wrongType.getValue());
            assertThat(added.get(0).getValue())
                    .containsEntry(Streams.FIELD_PAYLOAD, "{not json")
                    .containsKey("reason");
            assertThat(group().pendingCount()).isZero();
        }

        @Test
        void takesOverEntriesADeadConsumerLeftPending() {
            UsageRecorded event = event(newUser(), "rust", "0.002");

            // Publish and hand the entry to a consumer that then "dies", in one atomic step, so the
            // live consumer never sees it as new and can book it only by reclaiming it.
            redis.execute(
                    RedisScript.of("""
                            local id = redis.call('XADD', KEYS[1], '*', 'eventId', ARGV[1], 'payload', ARGV[2])
                            redis.call('XREADGROUP', 'GROUP', ARGV[3], 'crashed', 'COUNT', 1, 'STREAMS', KEYS[1], '>')
                            return id
                            """, String.class),
                    List.of(Streams.USAGE),
                    event.eventId(),
                    json.writeValueAsString(event),
                    GROUP);
            assertThat(redis.opsForStream().pending(Streams.USAGE, GROUP).getPendingMessagesPerConsumer())
                    .containsKey("crashed");

            await().atMost(Duration.ofSeconds(20)).until(() -> rowsFor(event.eventId()) == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> group().pendingCount() == 0);
        }

        @Test
        void exposesCostPerRequestAndBookedEventMetrics() {
            awaitConsumed(publish(event(newUser(), "viz", "0.25")));

            String scrape = http.get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(scrape)
                    .containsPattern("cost_per_request_dollars_count\\{[^}]*agent=\"viz\"")
                    .containsPattern("cost_per_request_dollars_bucket\\{[^}]*agent=\"viz\"")
                    .contains("cost_per_request_dollars_sum")
                    .containsPattern("cost_usage_events_total\\{[^}]*outcome=\"booked\"[^}]*} [1-9]");
        }

        @Test
        void stopsItsThreadAndResumesOnRestart() {
            consumer.stop();
            assertThat(consumer.isRunning()).isFalse();
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(thread -> thread.getName().equals(Streams.USAGE + "-consumer"));

            UsageRecorded event = event(newUser(), "python", "0.01");
            RecordId id = publish(event);
            consumer.start();
            awaitConsumed(id);

            assertThat(rowsFor(event.eventId())).isEqualTo(1);
        }
    }

    @Nested
    class Budgets {

        @Test
        void flipsToNotAllowedOnceSpendReachesTheFreeLimit() {
            String user = newUser();
            publishAndAwait(event(user, "python", "0.30"));

            BudgetCheck first = budget(user, "free");
            assertThat(first.allowed()).isTrue();
            assertThat(first.spentTodayUsd()).isEqualByComparingTo("0.30");
            assertThat(first.dailyLimitUsd()).isEqualByComparingTo("0.50");
            assertThat(first.remainingUsd()).isEqualByComparingTo("0.20");

            publishAndAwait(event(user, "python", "0.25"));

            BudgetCheck second = budget(user, "free");
            assertThat(second.allowed()).isFalse();
            assertThat(second.spentTodayUsd()).isEqualByComparingTo("0.55");
            assertThat(second.remainingUsd()).isEqualByComparingTo("0");
        }

        @Test
        void theSameSpendIsWithinTheProAndEnterpriseBudgets() {
            String user = newUser();
            publishAndAwait(event(user, "python", "1.50"));

            BudgetCheck pro = budget(user, "pro");
            assertThat(pro.allowed()).isTrue();
            assertThat(pro.dailyLimitUsd()).isEqualByComparingTo("10.00");
            assertThat(pro.remainingUsd()).isEqualByComparingTo("8.50");

            BudgetCheck enterprise = budget(user, "enterprise");
            assertThat(enterprise.allowed()).isTrue();
            assertThat(enterprise.dailyLimitUsd()).isNull();
            assertThat(enterprise.remainingUsd()).isNull();
        }

        @Test
        void missingOrUnknownTiersAreCheckedAgainstTheFreeBudget() {
            String user = newUser();
            publishAndAwait(event(user, "python", "1.00"));

            assertThat(budget(user, "gold")).satisfies(check -> {
                assertThat(check.tier()).isEqualTo("free");
                assertThat(check.allowed()).isFalse();
            });
            BudgetCheck none = http.get()
                    .uri("/v1/budgets/{user}", user)
                    .header("X-User-Id", user)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(BudgetCheck.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(none.tier()).isEqualTo("free");
            assertThat(none.allowed()).isFalse();
        }

        @Test
        void onlyTodaysSpendCounts() {
            String user = newUser();
            Instant yesterday = LocalDate.now(ZoneOffset.UTC)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .minus(1, ChronoUnit.HOURS);
            publishAndAwait(withTime(event(user, "python", "5.00"), yesterday), event(user, "python", "0.10"));

            BudgetCheck check = budget(user, "free");

            assertThat(check.spentTodayUsd()).isEqualByComparingTo("0.10");
            assertThat(check.allowed()).isTrue();
        }

        @Test
        void anUnknownUserHasSpentNothing() {
            BudgetCheck check = budget(newUser(), "free");

            assertThat(check.allowed()).isTrue();
            assertThat(check.spentTodayUsd()).isEqualByComparingTo("0");
            assertThat(check.remainingUsd()).isEqualByComparingTo("0.50");
        }

        @Test
        void aTeamBudgetWithLessLeftThanTheUsersBindsTheCheck() {
            String user = newUser();
            String team = newTeam();
            setBudget("team", team, "{\"dailyUsd\": 1.00}");
            publishAndAwait(held(user, "0.95", null, false, team, null));

            BudgetCheck check = budget(user, "pro", team, null);

            assertThat(check.allowed()).isTrue();
            assertThat(check.scope()).isEqualTo("team");
            assertThat(check.period()).isEqualTo("day");
            assertThat(check.remainingUsd()).isEqualByComparingTo("0.05");
            assertThat(check.dailyLimitUsd()).isEqualByComparingTo("1.00");
            assertThat(check.spentTodayUsd()).isEqualByComparingTo("0.95");
            // asked without the team, the user's own daily budget ($10, $0.95 spent) answers
            assertThat(budget(user, "pro")).satisfies(own -> {
                assertThat(own.scope()).isEqualTo("user");
                assertThat(own.remainingUsd()).isEqualByComparingTo("9.05");
            });
        }

        @Test
        void anExhaustedKeyBudgetRefusesAndNamesTheKeyWhileTheTeamHasRoom() {
            String user = newUser();
            String team = newTeam();
            String key = newKey();
            setBudget("team", team, "{\"dailyUsd\": 5.00}");
            setBudget("key", key, "{\"dailyUsd\": 0.50}");
            publishAndAwait(held(user, "0.50", null, false, team, key));

            BudgetCheck check = budget(user, "pro", team, key);

            assertThat(check.allowed()).isFalse();
            assertThat(check.scope()).isEqualTo("key");
            assertThat(check.remainingUsd()).isEqualByComparingTo("0");
            assertThat(check.dailyLimitUsd()).isEqualByComparingTo("0.50");
            assertThat(budget(user, "pro", team, null).allowed()).isTrue();
        }

        @Test
        void aUsersMonthlyBudgetBindsWhenLessOfItIsLeftThanOfTheDay() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 5.00, \"monthlyUsd\": 1.00}");
            publishAndAwait(event(user, "python", "0.90"));

            BudgetCheck check = budget(user, "pro");

            assertThat(check.allowed()).isTrue();
            assertThat(check.scope()).isEqualTo("user");
            assertThat(check.period()).isEqualTo("month");
            assertThat(check.remainingUsd()).isEqualByComparingTo("0.10");
        }

        @Test
        void aUserWithoutTeamOrKeyBudgetsIsCheckedAgainstItsDailyBudget() {
            String user = newUser();
            publishAndAwait(event(user, "python", "0.30"));

            BudgetCheck check = budget(user, "free", "team-without-budget", "key_without_budget");

            assertThat(check.scope()).isEqualTo("user");
            assertThat(check.period()).isEqualTo("day");
            assertThat(check.remainingUsd()).isEqualByComparingTo("0.20");
        }

        private BudgetCheck budget(String user, String tier) {
            return budget(user, tier, null, null);
        }

        /** The check for {@code user} of {@code tier}, and of {@code team} and {@code keyId} when given. */
        private BudgetCheck budget(String user, String tier, String team, String keyId) {
            BudgetCheck check = http.get()
                    .uri(uri -> {
                        uri.path("/v1/budgets/{user}").queryParam("tier", tier);
                        if (team != null) {
                            uri.queryParam("team", team);
                        }
                        if (keyId != null) {
                            uri.queryParam("keyId", keyId);
                        }
                        return uri.build(user);
                    })
                    .header("X-User-Id", user)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(BudgetCheck.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(check.userId()).isEqualTo(user);
            return check;
        }
    }

    @Nested
    class Usage {

        /** The JSON contract of {@code GET /v1/usage}, as a client reads it. */
        record Report(
                String userId,
                String tier,
                LocalDate date,
                BigDecimal spentTodayUsd,
                BigDecimal dailyLimitUsd,
                BigDecimal remainingUsd,
                long requests,
                long promptTokens,
                long completionTokens,
                List<AgentSpend> byAgent,
                List<Standing> scopes) {}

        record AgentSpend(String agent, long requests, BigDecimal costUsd) {}

        record Standing(
                String scope,
                String period,
                BigDecimal limitUsd,
                BigDecimal spentUsd,
                BigDecimal reservedUsd,
                BigDecimal forecastUsd,
                Instant resetsAt) {}

        @Test
        void sumsTheCallersSpendTokensAndAgentsForToday() {
            String user = newUser();
            publishAndAwait(
                    event(user, "python", "0.10"),
                    event(user, "sql", "0.25"),
                    event(user, "python", "0.05"),
                    event(newUser(), "python", "9.00"));

            Report report = http.get()
                    .uri("/v1/usage")
                    .header(Headers.USER_ID, user)
                    .header(Headers.USER_TIER, "pro")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Report.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(report.userId()).isEqualTo(user);
            assertThat(report.tier()).isEqualTo("pro");
            assertThat(report.date()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
            assertThat(report.spentTodayUsd()).isEqualByComparingTo("0.40");
            assertThat(report.dailyLimitUsd()).isEqualByComparingTo("10.00");
            assertThat(report.remainingUsd()).isEqualByComparingTo("9.60");
            assertThat(report.requests()).isEqualTo(3);
            assertThat(report.promptTokens()).isEqualTo(360);
            assertThat(report.completionTokens()).isEqualTo(90);
            assertThat(report.byAgent()).hasSize(2);
            assertThat(report.byAgent().get(0).agent()).isEqualTo("sql");
            assertThat(report.byAgent().get(0).requests()).isEqualTo(1);
            assertThat(report.byAgent().get(0).costUsd()).isEqualByComparingTo("0.25");
            assertThat(report.byAgent().get(1).agent()).isEqualTo("python");
            assertThat(report.byAgent().get(1).requests()).isEqualTo(2);
            assertThat(report.byAgent().get(1).costUsd()).isEqualByComparingTo("0.15");
        }

        @Test
        void showsTheKeysAndItsTeamsBudgetsBesideTheUsersWhenTheCredentialNamesThem() {
            String user = newUser();
            String team = newTeam();
            String key = newKey();
            setBudget("team", team, "{\"dailyUsd\": 1.00}");
            setBudget("key", key, "{\"monthlyUsd\": 3.00}");
            publishAndAwait(held(user, "0.20", null, false, team, key));

            // the service credential carries the key and its team (the interceptor moves these headers into it)
            Report report = http.get()
                    .uri("/v1/usage")
                    .header(Headers.USER_ID, user)
                    .header(Headers.USER_TIER, "pro")
                    .header(Headers.KEY_ID, key)
                    .header(Headers.USER_TEAM, team)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Report.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(report.scopes())
                    .extracting(Standing::scope, Standing::period)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("user", "day"),
                            org.assertj.core.groups.Tuple.tuple("team", "day"),
                            org.assertj.core.groups.Tuple.tuple("key", "month"));
            assertThat(report.scopes())
                    .allSatisfy(scope -> assertThat(scope.spentUsd()).isEqualByComparingTo("0.20"));
            assertThat(report.scopes().get(1).limitUsd()).isEqualByComparingTo("1.00");
            assertThat(report.scopes().get(2).limitUsd()).isEqualByComparingTo("3.00");
            // without them only the user's own budget is shown
            assertThat(usage(user, "pro").scopes()).extracting(Standing::scope).containsExactly("user");
        }

        @Test
        void reportsAnEmptyDayAgainstTheFreeBudgetWithoutATier() {
            String user = newUser();

            Report report = http.get()
                    .uri("/v1/usage")
                    .header(Headers.USER_ID, user)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Report.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(report.tier()).isEqualTo("free");
            assertThat(report.requests()).isZero();
            assertThat(report.spentTodayUsd()).isEqualByComparingTo("0");
            assertThat(report.remainingUsd()).isEqualByComparingTo("0.50");
            assertThat(report.byAgent()).isEmpty();
        }

        @Test
        void rejectsARequestWithoutAUser() {
            expectProblem(http.get().uri("/v1/usage").exchange(), HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST)
                    .jsonPath("$.detail")
                    .value(String.class, detail -> assertThat(detail).contains(Headers.USER_ID));
            expectProblem(
                    http.get()
                            .uri("/v1/usage")
                            .header(Headers.USER_ID, "no spaces please")
                            .exchange(),
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST);
        }
    }

    @Nested
    class AdminBudgets {

        @Test
        void setsReadsAndRemovesAUsersBudget() {
            String user = newUser();
            http.put()
                    .uri("/admin/v1/budgets/user/{id}", user)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"dailyUsd\": 0.002, \"monthlyUsd\": 1, \"timezone\": \"Europe/Berlin\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.dailyUsd")
                    .isEqualTo(0.002)
                    .jsonPath("$.timezone")
                    .isEqualTo("Europe/Berlin");

            http.get()
                    .uri("/admin/v1/budgets/user/{id}", user)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.standing.length()")
                    .isEqualTo(2)
                    .jsonPath("$.standing[0].period")
                    .isEqualTo("day")
                    .jsonPath("$.standing[0].limitUsd")
                    .isEqualTo(0.002)
                    .jsonPath("$.standing[1].period")
                    .isEqualTo("month");
            assertThat(usage(user, "pro").dailyLimitUsd()).isEqualByComparingTo("0.002");

            http.delete()
                    .uri("/admin/v1/budgets/user/{id}", user)
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            expectProblem(
                    http.get().uri("/admin/v1/budgets/user/{id}", user).exchange(),
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND);
            assertThat(usage(user, "pro").dailyLimitUsd()).isEqualByComparingTo("10.00");
        }

        @Test
        void refusesNegativeAbsurdAndMalformedBudgets() {
            for (String body : List.of(
                    "{\"dailyUsd\": -1}",
                    "{\"dailyUsd\": 1e12}",
                    "{\"monthlyUsd\": 0.000000001}",
                    "{\"dailyUsd\": 1, \"timezone\": \"Mars/Olympus\"}",
                    "{}",
                    "{\"dailyUsd\": \"lots\"}")) {
                expectProblem(
                        http.put()
                                .uri("/admin/v1/budgets/user/someone")
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(body)
                                .exchange(),
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST);
            }
            expectProblem(
                    http.put()
                            .uri("/admin/v1/budgets/planet/earth")
                            .contentType(MediaType.APPLICATION_JSON)
                            .body("{\"dailyUsd\": 1}")
                            .exchange(),
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST);
        }

        @Test
        void aUsersCredentialCannotSetBudgets() {
            RestTestClient plain = RestTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + port)
                    .build();
            expectProblem(
                    plain.put()
                            .uri("/admin/v1/budgets/user/me")
                            .header("Authorization", TestServiceCalls.bearer("me", "pro"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .body("{\"dailyUsd\": 1000}")
                            .exchange(),
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN);
        }
    }

    @Nested
    class Reservations {

        @Test
        void concurrentReservationsNeverHoldMoreThanTheBudget() throws Exception {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    calls.add(pool.submit(() -> reserveStatus(user, null, "0.001")));
                }
                int reserved = 0;
                int refused = 0;
                for (Future<Integer> call : calls) {
                    int status = call.get();
                    if (status == 201) {
                        reserved++;
                    } else if (status == 402) {
                        refused++;
                    }
                }
                assertThat(reserved).isEqualTo(10);
                assertThat(refused).isEqualTo(30);
            } finally {
                pool.shutdownNow();
            }
            expectProblem(reserve(user, null, "0.001"), HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED)
                    .jsonPath("$.scope")
                    .isEqualTo("user")
                    .jsonPath("$.scopeId")
                    .isEqualTo(user)
                    .jsonPath("$.resetsAt")
                    .exists();
        }

        @Test
        void settlingBooksTheActualCostOnceAndFreesTheRest() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            String id = reservationId(user, "0.008");
            expectProblem(reserve(user, null, "0.005"), HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED);

            settle(user, id, "0.002").expectStatus().isNoContent();
            expectProblem(settle(user, id, "0.002"), HttpStatus.CONFLICT, ProblemTypes.CONFLICT);

            Usage.Standing standing = usage(user, "pro").scopes().get(0);
            assertThat(standing.spentUsd()).isEqualByComparingTo("0.002");
            assertThat(standing.reservedUsd()).isEqualByComparingTo("0");
            assertThat(standing.forecastUsd()).isGreaterThanOrEqualTo(new BigDecimal("0.002"));
            String next = reservationId(user, "0.005");
            http.delete()
                    .uri("/v1/reservations/{id}", next)
                    .header(Headers.USER_ID, user)
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            assertThat(usage(user, "pro").scopes().get(0).reservedUsd()).isEqualByComparingTo("0");
            // released: it cannot be settled afterwards
            expectProblem(settle(user, next, "0.001"), HttpStatus.CONFLICT, ProblemTypes.CONFLICT);
            assertThat(usage(user, "pro").scopes().get(0).spentUsd()).isEqualByComparingTo("0.002");
        }

        @Test
        void aUsageEventSettlesItsHoldWithTheLedgerRowOnceEvenRedelivered() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            String id = reservationId(user, "0.008");
            expectProblem(reserve(user, null, "0.005"), HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED);
            UsageRecorded settling = held(user, "0.002", id, true, null, null);

            publish(settling);
            publishAndAwait(settling);

            assertThat(rowsFor(settling.eventId())).isEqualTo(1);
            Usage.Standing standing = usage(user, "pro").scopes().get(0);
            assertThat(standing.spentUsd()).isEqualByComparingTo("0.002");
            assertThat(standing.reservedUsd()).isEqualByComparingTo("0");
            // settled: a late call to settle it again is a conflict, and the room is back
            expectProblem(settle(user, id, "0.002"), HttpStatus.CONFLICT, ProblemTypes.CONFLICT);
            assertThat(reserveStatus(user, null, "0.007")).isEqualTo(201);
            assertThat(http.get()
                            .uri("/actuator/prometheus")
                            .exchange()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .containsPattern(
                            "platform_spend_usd_total\\{agent=\"python\",[^}]*provider=\"simulated\",tier=\"pro\"}")
                    .containsPattern("cost_usage_holds_total\\{[^}]*outcome=\"duplicate\"}");
        }

        @Test
        void eachEventOfAHoldTakesItsCostFromTheHoldAndTheLastGivesBackTheRest() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            String id = reservationId(user, "0.008");

            publishAndAwait(held(user, "0.003", id, false, null, null));
            Usage.Standing midway = usage(user, "pro").scopes().get(0);
            assertThat(midway.spentUsd()).isEqualByComparingTo("0.003");
            assertThat(midway.reservedUsd()).isEqualByComparingTo("0.005");

            publishAndAwait(held(user, "0.001", id, true, null, null));
            Usage.Standing settled = usage(user, "pro").scopes().get(0);
            assertThat(settled.spentUsd()).isEqualByComparingTo("0.004");
            assertThat(settled.reservedUsd()).isEqualByComparingTo("0");

            // an event of the hold that comes after its settlement still books its cost, once
            UsageRecorded late = held(user, "0.002", id, false, null, null);
            publishAndAwait(late, late);
            assertThat(usage(user, "pro").scopes().get(0).spentUsd()).isEqualByComparingTo("0.006");
        }

        @Test
        void aLeaseClosedBeforeItsDrawsEventsCameKeepsTheirCostHeldUntilTheyDo() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            String lease = reservationId(user, "0.008");
            UsageRecorded first = held(user, "0.002", lease, false, null, null);
            UsageRecorded second = held(user, "0.003", lease, false, null, null);
            publishAndAwait(first);

            // the orchestrator closes the lease while the second draw's event is still on its way
            close(user, lease, "0.005").expectStatus().isNoContent();
            Usage.Standing closed = usage(user, "pro").scopes().get(0);
            assertThat(closed.spentUsd()).isEqualByComparingTo("0.002");
            assertThat(closed.reservedUsd()).isEqualByComparingTo("0.003");
            // what the lease did not draw is free again, what its late event will cost is not
            expectProblem(reserve(user, null, "0.006"), HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED);
            expectProblem(close(user, lease, "0.005"), HttpStatus.CONFLICT, ProblemTypes.CONFLICT);

            publishAndAwait(second, second);
            Usage.Standing booked = usage(user, "pro").scopes().get(0);
            assertThat(booked.spentUsd()).isEqualByComparingTo("0.005");
            assertThat(booked.reservedUsd()).isEqualByComparingTo("0");
            assertThat(redis.opsForZSet().score("cost:reservations:leases", lease))
                    .isNull();
            assertThat(reserveStatus(user, null, "0.005")).isEqualTo(201);
        }

        @Test
        void aLeaseClosedAfterItsEventsCameGivesAllTheRestBackAndLaterOnesBookWithoutAHold() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            String lease = reservationId(user, "0.008");
            // another consumer booked both events before this close came
            publishAndAwait(
                    held(user, "0.002", lease, false, null, null), held(user, "0.003", lease, false, null, null));

            close(user, lease, "0.005").expectStatus().isNoContent();

            Usage.Standing standing = usage(user, "pro").scopes().get(0);
            assertThat(standing.spentUsd()).isEqualByComparingTo("0.005");
            assertThat(standing.reservedUsd()).isEqualByComparingTo("0");
            assertThat(reserveStatus(user, null, "0.005")).isEqualTo(201);
        }

        @Test
        void eventsAndTheCloseInEveryOrderNeverHoldAndSpendMoreThanTheBudget() {
            // the events of a lease drawn by three calls and its close, booked in each order several
            // consumers could book them in: spent plus reserved stays within the limit at every step
            List<List<Integer>> orders =
                    List.of(List.of(0, 1, 2, 3), List.of(3, 0, 1, 2), List.of(0, 3, 2, 1), List.of(2, 1, 3, 0));
            for (List<Integer> order : orders) {
                String user = newUser();
                setBudget("user", user, "{\"dailyUsd\": 0.01}");
                String lease = reservationId(user, "0.009");
                List<UsageRecorded> draws = List.of(
                        held(user, "0.002", lease, false, null, null),
                        held(user, "0.003", lease, false, null, null),
                        held(user, "0.001", lease, false, null, null));
                for (int step : order) {
                    if (step == 3) {
                        close(user, lease, "0.006").expectStatus().isNoContent();
                    } else {
                        publishAndAwait(draws.get(step));
                    }
                    Usage.Standing now = usage(user, "pro").scopes().get(0);
                    assertThat(now.spentUsd().add(now.reservedUsd()))
                            .as("order %s", order)
                            .isLessThanOrEqualTo(new BigDecimal("0.009"));
                    assertThat(now.reservedUsd()).as("order %s", order).isNotNegative();
                }
                Usage.Standing end = usage(user, "pro").scopes().get(0);
                assertThat(end.spentUsd()).as("order %s", order).isEqualByComparingTo("0.006");
                assertThat(end.reservedUsd()).as("order %s", order).isEqualByComparingTo("0");
            }
        }

        @Test
        void aClosedLeaseWhoseEventIsLostGivesWhatItKeptBackWhenItExpires() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            Map<?, ?> body = http.post()
                    .uri("/v1/reservations")
                    .header(Headers.USER_ID, user)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("userId", user, "tier", "pro", "amountUsd", 0.008, "leaseSeconds", 1))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            close(user, (String) body.get("reservationId"), "0.004")
                    .expectStatus()
                    .isNoContent();
            assertThat(usage(user, "pro").scopes().get(0).reservedUsd()).isEqualByComparingTo("0.004");

            await().atMost(Duration.ofSeconds(10)).until(() -> reserveStatus(user, null, "0.01") == 201);
        }

        @Test
        void aCloseWithABadAwaitedCostIsAProblem() {
            String user = newUser();
            String lease = reservationId(user, "0.001");
            expectProblem(close(user, lease, "-1"), HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST);
            expectProblem(close(user, lease, "lots"), HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST);
            expectProblem(close(newUser(), lease, "0"), HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN);
        }

        @Test
        void theSettleCallAndTheUsageEventsBookTheSameBurnRate() {
            // two users spend alike at the same instants, one settling by calls, one by events
            String byCall = newUser();
            String byEvent = newUser();
            setBudget("user", byCall, "{\"dailyUsd\": 1}");
            setBudget("user", byEvent, "{\"dailyUsd\": 1}");
            Instant noon = LocalDate.now(ZoneOffset.UTC).atTime(12, 0).toInstant(ZoneOffset.UTC);
            clock.stopAt(noon);
            settle(byCall, reservationId(byCall, "0.004"), "0.002")
                    .expectStatus()
                    .isNoContent();
            publishAndAwait(held(byEvent, "0.002", reservationId(byEvent, "0.004"), true, null, null));
            clock.stopAt(noon.plus(Duration.ofMinutes(30)));
            settle(byCall, reservationId(byCall, "0.004"), "0.003")
                    .expectStatus()
                    .isNoContent();
            publishAndAwait(held(byEvent, "0.003", reservationId(byEvent, "0.004"), true, null, null));

            Map<Object, Object> called = redis.opsForHash().entries(dayCounter(byCall));
            Map<Object, Object> evented = redis.opsForHash().entries(dayCounter(byEvent));
            assertThat(evented.get("rate")).isEqualTo(called.get("rate"));
            assertThat(evented.get("rateAt")).isEqualTo(called.get("rateAt"));
            // units of 1e-8 USD per second, time constant 1 h: the first booking decayed by half an hour
            double expected = 200_000 / 3600.0 * Math.exp(-0.5) + 300_000 / 3600.0;
            assertThat(Double.parseDouble((String) called.get("rate"))).isCloseTo(expected, within(1e-6));
            Usage.Standing byCallStanding = usage(byCall, "pro").scopes().get(0);
            Usage.Standing byEventStanding = usage(byEvent, "pro").scopes().get(0);
            assertThat(byEventStanding.spentUsd()).isEqualByComparingTo("0.005");
            assertThat(byEventStanding.forecastUsd()).isEqualByComparingTo(byCallStanding.forecastUsd());
            assertThat(byCallStanding.forecastUsd()).isGreaterThan(new BigDecimal("0.005"));
        }

        private String dayCounter(String user) {
            Set<String> keys = redis.keys("cost:budget:user:" + user + ":*");
            assertThat(keys).hasSize(1);
            return keys.iterator().next();
        }

        @Test
        void anEventNamingAnUnknownOrForeignHoldIsBookedInTheLedgerAndTouchesNoHold() {
            String user = newUser();
            String other = reservationId(newUser(), "0.004");
            UsageRecorded unknown = held(user, "0.001", UUID.randomUUID().toString(), true, null, null);
            UsageRecorded foreign = held(user, "0.001", other, true, null, null);

            publishAndAwait(unknown, foreign);

            assertThat(rowsFor(unknown.eventId())).isEqualTo(1);
            assertThat(rowsFor(foreign.eventId())).isEqualTo(1);
            assertThat(length(DEAD)).isZero();
            assertThat(redis.<String, String>opsForHash().get("cost:reservation:" + other, "amount"))
                    .isEqualTo(String.valueOf(400_000));
        }

        @Test
        void aKeysBudgetRefusesNamingTheKeyWhileTheUsersOtherKeyHasRoom() {
            String user = newUser();
            String spent = "key_" + UUID.randomUUID().toString().substring(0, 8);
            String other = "key_" + UUID.randomUUID().toString().substring(0, 8);
            setBudget("key", spent, "{\"dailyUsd\": 0.002}");
            String id = reservationId(user, null, spent, "0.002");
            publishAndAwait(held(user, "0.002", id, true, null, spent));

            expectProblem(
                            reserve(user, null, spent, "0.001"),
                            HttpStatus.PAYMENT_REQUIRED,
                            ProblemTypes.BUDGET_EXHAUSTED)
                    .jsonPath("$.scope")
                    .isEqualTo("key")
                    .jsonPath("$.scopeId")
                    .isEqualTo(spent);
            assertThat(reserveStatus(user, null, other, "0.001")).isEqualTo(201);
        }

        @Test
        void teamAndKeyCountersRedisLostAreSeededFromTheLedger() {
            String team = newTeam();
            String key = newKey();
            setBudget("team", team, "{\"dailyUsd\": 0.01}");
            setBudget("key", key, "{\"dailyUsd\": 0.02}");
            // spent without holds (as while cost-service was unreachable): only the ledger knows
            publishAndAwait(
                    held(newUser(), "0.004", null, false, team, null),
                    held(newUser(), "0.004", null, false, team, key));
            Set<String> counters = redis.keys("cost:budget:*");
            if (!counters.isEmpty()) {
                redis.delete(counters);
            }

            expectProblem(reserve(newUser(), team, "0.003"), HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED)
                    .jsonPath("$.scope")
                    .isEqualTo("team");
            assertThat(reserveStatus(newUser(), team, "0.002")).isEqualTo(201);
            expectProblem(
                            reserve(newUser(), null, key, "0.017"),
                            HttpStatus.PAYMENT_REQUIRED,
                            ProblemTypes.BUDGET_EXHAUSTED)
                    .jsonPath("$.scope")
                    .isEqualTo("key");
            assertThat(reserveStatus(newUser(), null, key, "0.016")).isEqualTo(201);
        }

        @Test
        void unknownForeignAndMalformedSettlementsAreProblems() {
            String user = newUser();
            String id = reservationId(user, "0.001");
            expectProblem(
                    settle(user, UUID.randomUUID().toString(), "0.001"), HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND);
            expectProblem(settle("someone-else", id, "0.001"), HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN);
            expectProblem(settle(user, id, "-0.001"), HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST);
            expectProblem(settle(user, "not-an-id", "0.001"), HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST);
            expectProblem(reserve(user, null, "-1"), HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST);
            expectProblem(
                    http.post()
                            .uri("/v1/reservations")
                            .header(Headers.USER_ID, "someone-else")
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(Map.of("userId", user, "amountUsd", 0.001))
                            .exchange(),
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN);
        }

        @Test
        void aTeamBudgetLimitsItsMembersTogether() {
            String team = newTeam();
            setBudget("team", team, "{\"dailyUsd\": 0.003}");
            assertThat(reserveStatus(newUser(), team, "0.002")).isEqualTo(201);
            expectProblem(reserve(newUser(), team, "0.002"), HttpStatus.PAYMENT_REQUIRED, ProblemTypes.BUDGET_EXHAUSTED)
                    .jsonPath("$.scope")
                    .isEqualTo("team");
            assertThat(reserveStatus(newUser(), null, "0.002")).isEqualTo(201);
        }

        @Test
        void anExpiredLeaseGivesItsHoldBack() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            http.post()
                    .uri("/v1/reservations")
                    .header(Headers.USER_ID, user)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("userId", user, "amountUsd", 0.01, "leaseSeconds", 1))
                    .exchange()
                    .expectStatus()
                    .isCreated();
            assertThat(reserveStatus(user, null, "0.005")).isEqualTo(402);

            await().atMost(Duration.ofSeconds(10)).until(() -> reserveStatus(user, null, "0.005") == 201);
        }

        @Test
        void countersRedisLostAreSeededFromTheLedger() {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            publishAndAwait(event(user, "python", "0.004"), event(user, "sql", "0.004"));
            Set<String> counters = redis.keys("cost:budget:user:" + user + ":*");
            if (!counters.isEmpty()) {
                redis.delete(counters);
            }

            assertThat(reserveStatus(user, null, "0.003")).isEqualTo(402);
            assertThat(reserveStatus(user, null, "0.002")).isEqualTo(201);
            assertThat(usage(user, "pro").scopes().get(0).spentUsd()).isEqualByComparingTo("0.008");
        }
    }

    @Nested
    class Alerts {

        @Test
        void theEightyPercentAlertArrivesSignedOnceBeforeTheBudgetIsSpent() throws Exception {
            String user = newUser();
            setBudget("user", user, "{\"dailyUsd\": 0.01}");
            webhook.failNext(1);

            settle(user, reservationId(user, "0.002"), "0.0085").expectStatus().isNoContent();
            settle(user, reservationId(user, "0.001"), "0.0001").expectStatus().isNoContent();

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> webhook.received(user).stream()
                            .anyMatch(a -> a.body().contains("\"thresholdPercent\":80")));
            List<WebhookListener.Delivery> alerts = webhook.received(user);
            assertThat(alerts)
                    .filteredOn(a -> a.body().contains("\"thresholdPercent\":80"))
                    .hasSize(1);
            assertThat(alerts)
                    .filteredOn(a -> a.body().contains("\"thresholdPercent\":100"))
                    .isEmpty();
            for (WebhookListener.Delivery alert : alerts) {
                assertThat(alert.signature()).isEqualTo("sha256=" + hmac(alert.body()));
            }
            assertThat(reserveStatus(user, null, "0.001")).isEqualTo(201);
        }

        private String hmac(String body) throws Exception {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    WEBHOOK_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of()
                    .formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Nested
    class Costs {

        @Test
        void groupsAPeriodsSpendByAgentModelProviderAndUser() {
            Instant day = Instant.parse("2020-01-05T10:00:00Z");
            String user = newUser();
            publishAndAwait(
                    withTime(event(user, "python", "0.30"), day),
                    withTime(event(user, "sql", "0.10"), day),
                    withTime(event(newUser(), "python", "0.20"), day),
                    withTime(event(user, "python", "9.00"), day.plus(Duration.ofDays(1))));

            http.get()
                    .uri("/admin/v1/costs?groupBy=agent&from=2020-01-05&to=2020-01-06")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.requests")
                    .isEqualTo(3)
                    .jsonPath("$.costUsd")
                    .isEqualTo(0.6)
                    .jsonPath("$.groups[0].key")
                    .isEqualTo("python")
                    .jsonPath("$.groups[0].costUsd")
                    .isEqualTo(0.5)
                    .jsonPath("$.groups[1].key")
                    .isEqualTo("sql");
            http.get()
                    .uri("/admin/v1/costs?groupBy=user&from=2020-01-05T00:00:00Z&to=2020-01-06T00:00:00Z")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.groups[0].key")
                    .isEqualTo(user)
                    .jsonPath("$.groups[0].costUsd")
                    .isEqualTo(0.4);
            http.get()
                    .uri("/admin/v1/costs?groupBy=provider&from=2020-01-05&to=2020-01-06")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.groups[0].key")
                    .isEqualTo("simulated");
        }

        @Test
        void refusesUnknownGroupingsAndPeriods() {
            for (String query : List.of(
                    "groupBy=planet",
                    "from=yesterday",
                    "from=2020-01-06&to=2020-01-05",
                    "from=2000-01-01&to=2020-01-01")) {
                expectProblem(
                        http.get().uri("/admin/v1/costs?" + query).exchange(),
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST);
            }
            expectProblem(
                    RestTestClient.bindToServer()
                            .baseUrl("http://127.0.0.1:" + port)
                            .build()
                            .get()
                            .uri("/admin/v1/costs/recommendations")
                            .header("Authorization", TestServiceCalls.bearer("me", "pro"))
                            .exchange(),
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN);
        }

        @Test
        void recommendsACheaperModelOnlyWhenItsSuccessWasComparable() {
            String pricey = "pricey-" + UUID.randomUUID();
            String thrifty = "thrifty-" + UUID.randomUUID();
            String small = "small-" + UUID.randomUUID();
            List<UsageRecorded> usage = new ArrayList<>();
            RecordId last = null;
            for (int i = 0; i < 40; i++) {
                usage.add(copy(event(newUser(), pricey, "0.01"), "big-" + pricey, null));
                usage.add(copy(event(newUser(), thrifty, "0.001"), small, null));
                last = publishOutcome(pricey, i < 36);
                publishOutcome(thrifty, true);
                last = publishOutcome(thrifty, true);
            }
            publishAndAwait(usage.toArray(UsageRecorded[]::new));
            RecordId lastOutcome = last;
            await().atMost(Duration.ofSeconds(15)).until(() -> consumed(Streams.OUTCOMES, lastOutcome));

            Map<?, ?> view = http.get()
                    .uri("/admin/v1/costs/recommendations")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();

            List<?> recommendations = (List<?>) view.get("recommendations");
            List<?> mine = recommendations.stream()
                    .map(r -> (Map<?, ?>) r)
                    .filter(r -> r.get("agent").equals(pricey) || r.get("agent").equals(thrifty))
                    .toList();
            assertThat(mine).hasSize(1);
            Map<?, ?> advice = (Map<?, ?>) mine.get(0);
            assertThat(advice.get("agent")).isEqualTo(pricey);
            assertThat(advice.get("toModel")).isEqualTo(small);
            assertThat(((Number) advice.get("successChangePoints")).doubleValue())
                    .isEqualTo(10.0);
            assertThat(new BigDecimal(advice.get("savesUsdPerDay").toString())).isPositive();
            assertThat((String) advice.get("text")).contains("saves $");
        }

        private RecordId publishOutcome(String agent, boolean success) {
            OutcomeRecorded outcome = new OutcomeRecorded(
                    UUID.randomUUID().toString(),
                    "task-" + UUID.randomUUID(),
                    agent,
                    success,
                    100,
                    success ? null : "provider_error",
                    Instant.now());
            return redis.opsForStream()
                    .add(StreamRecords.newRecord()
                            .in(Streams.OUTCOMES)
                            .ofMap(Map.of(Streams.FIELD_PAYLOAD, json.writeValueAsString(outcome))));
        }
    }

    private boolean consumed(String stream, RecordId id) {
        XInfoGroup group = redis.opsForStream().groups(stream).stream()
                .filter(g -> GROUP.equals(g.groupName()))
                .findFirst()
                .orElse(null);
        return group != null && id.getValue().equals(group.lastDeliveredId()) && group.pendingCount() == 0;
    }

    private void setBudget(String scope, String id, String body) {
        http.put()
                .uri("/admin/v1/budgets/{scope}/{id}", scope, id)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    private RestTestClient.ResponseSpec reserve(String user, String team, String usd) {
        return reserve(user, team, null, usd);
    }

    private RestTestClient.ResponseSpec reserve(String user, String team, String keyId, String usd) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (keyId != null) {
            body.put("keyId", keyId);
        }
        body.put("userId", user);
        body.put("tier", "pro");
        body.put("amountUsd", new BigDecimal(usd));
        if (team != null) {
            body.put("team", team);
        }
        return http.post()
                .uri("/v1/reservations")
                .header(Headers.USER_ID, user)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange();
    }

    private int reserveStatus(String user, String team, String usd) {
        return reserveStatus(user, team, null, usd);
    }

    private int reserveStatus(String user, String team, String keyId, String usd) {
        return reserve(user, team, keyId, usd)
                .returnResult(String.class)
                .getStatus()
                .value();
    }

    private String reservationId(String user, String usd) {
        return reservationId(user, null, null, usd);
    }

    private String reservationId(String user, String team, String keyId, String usd) {
        Map<?, ?> body = reserve(user, team, keyId, usd)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (String) body.get("reservationId");
    }

    private RestTestClient.ResponseSpec settle(String user, String id, String usd) {
        return http.post()
                .uri("/v1/reservations/{id}/settle", id)
                .header(Headers.USER_ID, user)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("costUsd", new BigDecimal(usd), "agent", "python", "provider", "simulated"))
                .exchange();
    }

    /** Closes lease {@code id} as the orchestrator does: its events cost {@code awaiting} dollars together. */
    private RestTestClient.ResponseSpec close(String user, String id, String awaiting) {
        return http.delete()
                .uri(uri -> uri.path("/v1/reservations/{id}")
                        .queryParam("awaitingUsd", awaiting)
                        .build(id))
                .header(Headers.USER_ID, user)
                .exchange();
    }

    private Usage.Report usage(String user, String tier) {
        return http.get()
                .uri("/v1/usage")
                .header(Headers.USER_ID, user)
                .header(Headers.USER_TIER, tier)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Usage.Report.class)
                .returnResult()
                .getResponseBody();
    }

    @Nested
    class Problems {

        @Test
        void rejectsAMalformedUserIdInTheBudgetPath() {
            expectProblem(
                    http.get().uri("/v1/budgets/{user}", "bad user!").exchange(),
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST);
        }

        @Test
        void rejectsAMalformedTeamOrKeyInTheBudgetQuery() {
            for (String query : List.of("team=bad team!", "keyId=" + "k".repeat(201), "team=")) {
                expectProblem(
                        http.get()
                                .uri("/v1/budgets/alice?" + query)
                                .header("X-User-Id", "alice")
                                .exchange(),
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.INVALID_REQUEST);
            }
        }

        @Test
        void rejectsABodyOnAReadOnlyEndpoint() {
            expectProblem(
                    http.post()
                            .uri("/v1/budgets/alice")
                            .contentType(MediaType.APPLICATION_JSON)
                            .body("{\"tier\":")
                            .exchange(),
                    HttpStatus.METHOD_NOT_ALLOWED,
                    ProblemTypes.UNSUPPORTED);
        }

        @Test
        void answersUnknownPathsWithANotFoundProblem() {
            expectProblem(http.get().uri("/v1/nothing-here").exchange(), HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND);
        }
    }

    private RestTestClient.BodyContentSpec expectProblem(
            RestTestClient.ResponseSpec response, HttpStatus status, java.net.URI type) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status.value())
                .jsonPath("$.type")
                .isEqualTo(type.toString());
    }

    /** A team id no other test uses. */
    private static String newTeam() {
        return "team-" + UUID.randomUUID();
    }

    /** An API key id no other test uses, shaped as the gateway's. */
    private static String newKey() {
        return "key_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static UsageRecorded event(String userId, String agent, String cost) {
        return new UsageRecorded(
                UUID.randomUUID().toString(),
                "req-" + UUID.randomUUID(),
                "task-1",
                userId,
                agent,
                "simulated",
                "sim-1",
                120,
                30,
                new BigDecimal(cost),
                Instant.now());
    }

    /** A pro user's call for {@code team} with {@code key} made under hold {@code id} ({@code null}: unheld). */
    private static UsageRecorded held(String user, String cost, String id, boolean last, String team, String key) {
        UsageRecorded e = event(user, "python", cost);
        return new UsageRecorded(
                        e.eventId(),
                        e.requestId(),
                        e.taskId(),
                        e.userId(),
                        e.agent(),
                        e.provider(),
                        e.model(),
                        e.promptTokens(),
                        e.completionTokens(),
                        e.costUsd(),
                        e.occurredAt(),
                        "pro",
                        team,
                        key,
                        null,
                        null)
                .underHold(id, last);
    }

    private static UsageRecorded withTime(UsageRecorded e, Instant at) {
        return copy(e, null, at);
    }

    /** {@code e} on another model and/or at another time ({@code null}: as it was). */
    private static UsageRecorded copy(UsageRecorded e, String model, Instant at) {
        return new UsageRecorded(
                e.eventId(),
                e.requestId(),
                e.taskId(),
                e.userId(),
                e.agent(),
                e.provider(),
                model == null ? e.model() : model,
                e.promptTokens(),
                e.completionTokens(),
                e.costUsd(),
                at == null ? e.occurredAt() : at);
    }

    private void publishAndAwait(UsageRecorded... events) {
        RecordId last = null;
        for (UsageRecorded event : events) {
            last = publish(event);
        }
        awaitConsumed(last);
    }

    private RecordId publish(UsageRecorded event) {
        return publishRaw(Map.of(
                Streams.FIELD_EVENT_ID, event.eventId(),
                Streams.FIELD_PAYLOAD, json.writeValueAsString(event),
                Streams.FIELD_TRACEPARENT, TRACEPARENT));
    }

    private RecordId publishRaw(Map<String, String> fields) {
        return redis.opsForStream()
                .add(StreamRecords.newRecord().in(Streams.USAGE).ofMap(new LinkedHashMap<>(fields)));
    }

    /** Waits until the group has read up to {@code id} and acked everything it read. */
    private void awaitConsumed(RecordId id) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            XInfoGroup group = group();
            return group != null && id.getValue().equals(group.lastDeliveredId()) && group.pendingCount() == 0;
        });
    }

    private XInfoGroup group() {
        return redis.opsForStream().groups(Streams.USAGE).stream()
                .filter(group -> GROUP.equals(group.groupName()))
                .findFirst()
                .orElse(null);
    }

    private long length(String stream) {
        Long length = redis.opsForStream().size(stream);
        return length == null ? 0 : length;
    }

    private int rowsFor(String eventId) {
        return jdbc.sql("SELECT count(*) FROM cost.usage_ledger WHERE event_id = ?")
                .param(eventId)
                .query(Integer.class)
                .single();
    }
}
