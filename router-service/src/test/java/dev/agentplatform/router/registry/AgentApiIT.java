package dev.agentplatform.router.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.router.RouterTestInfrastructure;
import dev.agentplatform.router.catalog.CatalogFixtures;
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
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry API against real PostgreSQL and Redis, with the orchestrator's provider catalog and
 * mcp-service's capabilities served by WireMock (fetched on every check here: a TTL of zero); a
 * second registry stands in for another instance.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.router.learning.enabled=false",
            "platform.router.catalog-ttl=0s",
            "platform.router.clients.retry-after=9s"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentApiIT {

    private static final TestDatabase database = TestInfrastructure.createDatabase("router_registry_it");

    // started here rather than by the JUnit extension: a per-class test instance loads the context
    // (and reads their URLs) before any extension's beforeAll
    static final WireMockServer orchestrator = started();

    static final WireMockServer mcp = started();

    private static WireMockServer started() {
        WireMockServer server =
                new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    /** Every field of a definition, as an operator registers an agent that runs on OpenAI. */
    static final String WHOLE_AGENT = """
            {"name": "%s", "team": "math",
             "description": "Solves math problems step by step: algebra, equations, calculus and proofs.",
             "keywords": ["solve", "equation"],
             "examples": ["Solve 2x - 5 = 9"],
             "systemPrompt": "You are a patient mathematician. Show every step.",
             "provider": "openai", "fallbackProviders": ["groq", "simulated"],
             "capabilities": ["calculator"],
             "tier": "quality", "expectedLatencyMs": 1500}
            """;

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
        registry.add("platform.router.clients.orchestrator-url", orchestrator::baseUrl);
        registry.add("platform.router.mcp-url", mcp::baseUrl);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AgentRegistry registry;

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
        orchestrator.resetAll();
        mcp.resetAll();
        orchestrator.stubFor(get("/v1/providers").willReturn(okJson(CatalogFixtures.PROVIDERS)));
        mcp.stubFor(get("/v1/capabilities").willReturn(okJson(CatalogFixtures.CAPABILITIES)));
        client = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asAdmin())
                .build();
    }

    @AfterAll
    void cleanUp() {
        orchestrator.stop();
        mcp.stop();
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
        RestTestClient anonymous = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
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

        RestTestClient user = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
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
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \" \", \"keywords\": [\"k\"], \"costTier\": 1, \"avgLatencyMs\": 1}",
                "{\"name\": \"x y\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 1, \"avgLatencyMs\": 1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"], \"costTier\": 1, \"avgLatencyMs\": -1}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"tier\": \"gold\"}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"tier\": 2}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"tier\": \"cheap\", \"costTier\": 3}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"expectedLatencyMs\": 5, \"avgLatencyMs\": 6}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"fallbackProviders\": [\"groq\"]}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"provider\": \"openai\", \"fallbackProviders\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]}",
                "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"capabilities\": [\"\"]}",
                "{\"team\": \"t\", \"description\": \"d\"}",
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

    @Test
    void anAgentIsRegisteredWholeAndListedWithEveryField() {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(WHOLE_AGENT.formatted("noether"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.tier")
                .isEqualTo("quality")
                .jsonPath("$.provider")
                .isEqualTo("openai");
        try {
            client.get()
                    .uri("/v1/agents/noether")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.name")
                    .isEqualTo("noether")
                    .jsonPath("$.team")
                    .isEqualTo("math")
                    .jsonPath("$.keywords")
                    .isEqualTo(List.of("solve", "equation"))
                    .jsonPath("$.examples")
                    .isEqualTo(List.of("Solve 2x - 5 = 9"))
                    .jsonPath("$.systemPrompt")
                    .isEqualTo("You are a patient mathematician. Show every step.")
                    .jsonPath("$.provider")
                    .isEqualTo("openai")
                    .jsonPath("$.fallbackProviders")
                    .isEqualTo(List.of("groq", "simulated"))
                    .jsonPath("$.capabilities")
                    .isEqualTo(List.of("calculator"))
                    .jsonPath("$.tier")
                    .isEqualTo("quality")
                    .jsonPath("$.expectedLatencyMs")
                    .isEqualTo(1500)
                    .jsonPath("$.stats")
                    .exists()
                    .jsonPath("$.costTier")
                    .doesNotExist();
            client.get()
                    .uri("/v1/agents")
                    .exchange()
                    .expectBody()
                    .jsonPath("$[?(@.name == 'noether')].systemPrompt")
                    .isEqualTo(List.of("You are a patient mathematician. Show every step."))
                    .jsonPath("$[?(@.name == 'python')].provider")
                    .isEqualTo(java.util.Collections.singletonList(null))
                    .jsonPath("$[?(@.name == 'analytics')].capabilities[0]")
                    .isEqualTo(List.of("database"));
            assertThat(jdbc.sql("SELECT tier || ' ' || provider || ' ' || capabilities::text FROM router.agents "
                                    + "WHERE name = 'noether'")
                            .query(String.class)
                            .single())
                    .isEqualTo("quality openai [\"calculator\"]");
        } finally {
            client.delete().uri("/v1/agents/noether").exchange();
        }
        client.get().uri("/v1/agents/noether").exchange().expectStatus().isNotFound();
    }

    @Test
    void theLegacyCostTierAndAverageLatencyStillRegisterAndTheDefaultsApplyWithout() {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"legacy\", \"team\": \"t\", \"description\": \"d\", \"keywords\": [\"k\"],"
                        + " \"costTier\": 4, \"avgLatencyMs\": 900}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.tier")
                .isEqualTo("premium")
                .jsonPath("$.expectedLatencyMs")
                .isEqualTo(900);
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"bare\", \"team\": \"t\", \"description\": \"Translates French poems\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.tier")
                .isEqualTo("cheap")
                .jsonPath("$.expectedLatencyMs")
                .isEqualTo(2000)
                .jsonPath("$.keywords")
                .isEmpty()
                .jsonPath("$.systemPrompt")
                .isEmpty();
        // an agent without keywords is still routable by name
        client.post()
                .uri("/v1/route")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"prompt\": \"Traduis ce poème\", \"model\": \"bare\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.agent")
                .isEqualTo("bare");
        client.delete().uri("/v1/agents/legacy").exchange().expectStatus().isNoContent();
        client.delete().uri("/v1/agents/bare").exchange().expectStatus().isNoContent();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "{\"tier\": \"gold\"}|tier: unknown tier 'gold'",
                "{\"tier\": \"cheap\", \"costTier\": 3}|tier: 'cheap' disagrees with costTier 3",
                "{\"provider\": \"mistral\"}|provider: unknown provider 'mistral'; the orchestrator's provider catalog",
                "{\"provider\": \"openai\", \"fallbackProviders\": [\"groq\", \"nope\"]}|fallbackProviders[1]: unknown provider 'nope'",
                "{\"capabilities\": [\"calculator\", \"teleport\"]}|capabilities[1]: unknown capability 'teleport'"
            })
    void aBadTierProviderOrCapabilityIsA400NamingTheField(String fields, String detail) {
        String body = "{\"name\": \"bad\", \"team\": \"t\", \"description\": \"d\", " + fields.substring(1);
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
                .isEqualTo(ProblemTypes.INVALID_REQUEST.toString())
                .jsonPath("$.detail")
                .value(String.class, d -> assertThat(d).startsWith(detail));
        client.get().uri("/v1/agents/bad").exchange().expectStatus().isNotFound();
    }

    @Test
    void anUnknownProviderListsTheKnownEntries() {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"bad\", \"team\": \"t\", \"description\": \"d\", \"provider\": \"mistral\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(400)
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("provider")
                .jsonPath("$.value")
                .isEqualTo("mistral")
                .jsonPath("$.known")
                .isEqualTo(List.of("simulated", "groq", "openai"));
    }

    @Test
    void tooLongAPromptOrTooManyKeywordsIsA400() {
        String longPrompt = "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"systemPrompt\": \""
                + "p".repeat(8001) + "\"}";
        String manyKeywords = "{\"name\": \"x\", \"team\": \"t\", \"description\": \"d\", \"keywords\": ["
                + String.join(", ", java.util.Collections.nCopies(51, "\"k\"")) + "]}";
        for (String body : List.of(longPrompt, manyKeywords)) {
            client.post()
                    .uri("/v1/agents")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(400);
        }
    }

    @Test
    void aDefinitionThatCannotBeCheckedIsA503WithRetryAfterAndNotStored() {
        orchestrator.stubFor(get("/v1/providers").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        mcp.stubFor(get("/v1/capabilities").willReturn(aResponse().withStatus(500)));
        for (String fields : List.of("\"provider\": \"openai\"", "\"capabilities\": [\"calculator\"]")) {
            client.post()
                    .uri("/v1/agents")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"name\": \"unchecked\", \"team\": \"t\", \"description\": \"d\", " + fields + "}")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .valueEquals("Retry-After", "9")
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo(ProblemTypes.UNAVAILABLE.toString());
        }
        client.get().uri("/v1/agents/unchecked").exchange().expectStatus().isNotFound();
        // a definition that names no provider and no capability needs neither neighbour
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"plain\", \"team\": \"t\", \"description\": \"d\"}")
                .exchange()
                .expectStatus()
                .isCreated();
        client.delete().uri("/v1/agents/plain").exchange().expectStatus().isNoContent();
    }

    @Test
    void putReplacesTheWholeDefinitionUnderThePathsNameAndMovesTheEtag() {
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(WHOLE_AGENT.formatted("lovelace"))
                .exchange()
                .expectStatus()
                .isCreated();
        try {
            String before = etag();
            client.put()
                    .uri("/v1/agents/lovelace")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(
                            "{\"name\": \"ignored\", \"team\": \"engines\", \"description\": \"Programs the analytical engine\","
                                    + " \"tier\": \"premium\", \"provider\": \"groq\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.name")
                    .isEqualTo("lovelace")
                    .jsonPath("$.team")
                    .isEqualTo("engines");
            assertThat(etag()).isNotEqualTo(before);
            assertThat(registry.find("lovelace")).get().satisfies(agent -> {
                assertThat(agent.tier()).isEqualTo(ModelTier.PREMIUM);
                assertThat(agent.provider()).isEqualTo("groq");
                assertThat(agent.fallbackProviders()).isEmpty();
                assertThat(agent.capabilities()).isEmpty();
                assertThat(agent.systemPrompt()).isNull();
            });
            assertThat(registry.find("ignored")).isEmpty();

            client.put()
                    .uri("/v1/agents/lovelace")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"team\": \"engines\", \"description\": \"d\", \"provider\": \"mistral\"}")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(400);
        } finally {
            client.delete().uri("/v1/agents/lovelace").exchange();
        }
        client.put()
                .uri("/v1/agents/lovelace")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"team\": \"engines\", \"description\": \"d\"}")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(ProblemTypes.NOT_FOUND.toString());
        RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asService())
                .build()
                .put()
                .uri("/v1/agents/python")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"team\": \"code\", \"description\": \"d\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void theListCarriesTheRegistryVersionAsEtagAndAnswers304ToAMatch() {
        String etag = etag();
        assertThat(etag).isEqualTo("\"" + registry.version() + "\"");
        client.get()
                .uri("/v1/agents")
                .header("If-None-Match", etag)
                .exchange()
                .expectStatus()
                .isNotModified()
                .expectBody()
                .isEmpty();
        client.post()
                .uri("/v1/agents")
                .contentType(MediaType.APPLICATION_JSON)
                .body(MATH_AGENT.replace("euclid", "fermat"))
                .exchange()
                .expectStatus()
                .isCreated();
        client.get()
                .uri("/v1/agents")
                .header("If-None-Match", etag)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == 'fermat')].tier")
                .isEqualTo(List.of("cheap"));
        client.delete().uri("/v1/agents/fermat").exchange().expectStatus().isNoContent();
    }

    private String etag() {
        return client.get()
                .uri("/v1/agents")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getETag();
    }
}
