package dev.agentplatform.router.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.router.RouterTestInfrastructure;
import dev.agentplatform.support.security.TestServiceCalls;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The registry API against real PostgreSQL and Redis; a second registry stands in for another instance. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "platform.router.learning.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentApiIT {

    private static final TestDatabase database = TestInfrastructure.createDatabase("router_registry_it");

    static final String MATH_AGENT = """
            {"name": "euclid", "team": "math",
             "description": "Solves math problems step by step: algebra, equations, calculus, geometry and proofs.",
             "keywords": ["solve", "equation", "derivative", "integral", "proof"],
             "examples": ["Solve 2x - 5 = 9", "What is the derivative of x^2?"],
             "costTier": 2, "avgLatencyMs": 900}
            """;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RouterTestInfrastructure.flushRedis();
        RouterTestInfrastructure.register(registry, database);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RedisConnectionFactory connections;

    RestTestClient client;

    @BeforeEach
    void client() {
        client = RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asAdmin())
                .build();
    }

    @AfterAll
    void cleanUp() {
        RouterTestInfrastructure.flushRedis();
        database.drop();
    }

    @Test
    void seedsTheNineConfiguredAgentsOnceInPostgres() {
        assertThat(jdbc.sql("SELECT count(*) FROM router.agents WHERE source = 'config'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(9);
        // a second start finds the registry seeded and adds nothing
        AgentRegistry again =
                new AgentRegistry(new JdbcAgentStore(jdbc, transactions, json), ShippedCatalog.properties());
        assertThat(again.all()).extracting(AgentDefinition::name).contains("python", "sql", "viz");
        assertThat(jdbc.sql("SELECT count(*) FROM router.agents WHERE source = 'config'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(9);
    }

    @Test
    void theRegistryRefusesCallsWithoutACredentialAndWritesWithoutTheAdminsAuthority() {
        RestTestClient anonymous = RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build();
        anonymous
                .post()
                .uri("/v1/agents")
                .header("X-User-Id", "admin")
                .contentType(MediaType.APPLICATION_JSON)
                .body(MATH_AGENT)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        anonymous.get().uri("/v1/agents").exchange().expectStatus().isUnauthorized();

        RestTestClient user = RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestServiceCalls.bearer("alice", "pro"))
                .build();
        user.post()
                .uri("/v1/agents")
                .header("X-User-Id", "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .body(MATH_AGENT)
                .exchange()
                .expectStatus()
                .isForbidden();
        user.delete().uri("/v1/agents/python").exchange().expectStatus().isForbidden();
        user.post().uri("/admin/v1/router/refit").exchange().expectStatus().isForbidden();
        user.get().uri("/v1/agents").exchange().expectStatus().isOk();

        assertThat(jdbc.sql("SELECT count(*) FROM router.agents WHERE name IN ('euclid', 'python')")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aRegisteredAgentIsListedRoutableAtOnceAndDeletable() {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(MATH_AGENT)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Location", "/v1/agents/euclid")
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("euclid")
                .jsonPath("$.examples.length()")
                .isEqualTo(2);

        client.get()
                .uri("/v1/agents")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == 'euclid')].team")
                .isEqualTo(List.of("math"))
                .jsonPath("$[?(@.name == 'euclid')].stats.successRate")
                .isEqualTo(List.of(0.8));

        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Solve the equation 3x + 4 = 19 for x\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .isEqualTo("euclid")
                .jsonPath("$.team")
                .isEqualTo("math");

        client.delete().uri("/v1/agents/euclid").exchange().expectStatus().isNoContent();
        client.delete().uri("/v1/agents/euclid").exchange().expectStatus().isNotFound();
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Solve the equation 3x + 4 = 19 for x\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .value(agent -> assertThat(agent).isNotEqualTo("euclid"));
    }

    @Test
    void anAgentMayBeNamedLikeItsTeam() {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(MATH_AGENT.replace("\"euclid\"", "\"math\""))
                .exchange()
                .expectStatus()
                .isCreated();
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Integrate x squared\", \"model\": \"math\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .isEqualTo("math");
        client.delete().uri("/v1/agents/math").exchange().expectStatus().isNoContent();
    }

    @Test
    void aDuplicateNameIsA409Problem() {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(MATH_AGENT.replace("euclid", "gauss"))
                .exchange()
                .expectStatus()
                .isCreated();
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(MATH_AGENT.replace("euclid", "gauss"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(ProblemTypes.CONFLICT.toString());
        client.delete().uri("/v1/agents/gauss").exchange().expectStatus().isNoContent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 5, \"avgLatencyMs\": 1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 0, \"avgLatencyMs\": 1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [], \"costTier\": 1, \"avgLatencyMs\": 1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \" \", \"keywords\": [\"k\"], \"costTier\": 1, \"avgLatencyMs\": 1}",
                "{\"name\": \"x y\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 1, \"avgLatencyMs\": 1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 1, \"avgLatencyMs\": -1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": \"k\", \"costTier\": 1, \"avgLatencyMs\": 1}",
                "{\"name\": \"auto\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 1, \"avgLatencyMs\": 1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": \"1\", \"avgLatencyMs\": 1}",
                "not json"
            })
    void badRegistrationsAre400Problems(String body) {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isEqualTo(400)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(ProblemTypes.INVALID_REQUEST.toString());
    }

    @Test
    void anotherInstanceSeesANewAgentThroughTheRedisAnnouncementWithoutPolling() throws Exception {
        AgentRegistry other =
                new AgentRegistry(new JdbcAgentStore(jdbc, transactions, json), ShippedCatalog.properties());
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.afterPropertiesSet();
        // a poll interval of an hour: only the announcement can bring the change in time
        RegistrySync sync = new RegistrySync(
                other, redis, container, new RegistryProperties("router.registry.changed", Duration.ofHours(1)));
        container.start();
        sync.start();
        try {
            assertThat(other.find("hypatia")).isEmpty();
            client.post()
                    .uri("/v1/agents")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(MATH_AGENT.replace("euclid", "hypatia"))
                    .exchange()
                    .expectStatus()
                    .isCreated();

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(other.find("hypatia")).isPresent());
        } finally {
            sync.stop();
            container.stop();
            container.destroy();
            client.delete().uri("/v1/agents/hypatia").exchange();
        }
    }
}
