package dev.agentplatform.mcp.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.Streams;
import dev.agentplatform.devinfra.TestInfrastructure;
import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpHttp.Response;
import dev.agentplatform.mcp.McpTestDatabase;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP API against the real npm MCP servers (installed by the build), plus a deliberately broken server that
 * exits at once, to exercise fallback, and a spare copy of server-everything that the test may kill.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            // whatever the machine has: this test's github and slack servers have no tokens
            "GITHUB_PERSONAL_ACCESS_TOKEN=",
            "SLACK_BOT_TOKEN=",
            "SLACK_TEAM_ID=",
            "platform.mcp.servers.stdio.broken.command=node",
            "platform.mcp.servers.stdio.broken.args[0]={servers-dir}/node_modules/no-such-server/index.js",
            "platform.mcp.servers.stdio.spare.command=node",
            "platform.mcp.servers.stdio.spare.args[0]={servers-dir}/node_modules/@modelcontextprotocol/server-everything/dist/index.js",
            "platform.mcp.servers.stdio.spare.args[1]=stdio",
            // Ignored by the server; lets the test find this process among the JVM's children.
            "platform.mcp.servers.stdio.spare.args[2]=" + CapabilityApiIT.SPARE_MARKER,
            // a PostgreSQL MCP server whose database is gone: it runs, and every query fails to connect
            "platform.mcp.servers.stdio.pg-lost.command=node",
            "platform.mcp.servers.stdio.pg-lost.args[0]={servers-dir}/node_modules/@modelcontextprotocol/server-postgres/dist/index.js",
            "platform.mcp.servers.stdio.pg-lost.args[1]=postgresql://postgres@127.0.0.1:1/gone",
            "platform.mcp.capabilities.catalog.sum.default-tool=add",
            "platform.mcp.capabilities.catalog.sum.tools.add.chain[0].server=everything",
            "platform.mcp.capabilities.catalog.sum.tools.add.chain[0].tool=get-sum",
            "platform.mcp.capabilities.catalog.sum.tools.add.chain[0].cost-per-call-usd=0.00002",
            "platform.mcp.capabilities.catalog.resilient-sum.default-tool=add",
            "platform.mcp.capabilities.catalog.resilient-sum.tools.add.read-only=true",
            "platform.mcp.capabilities.catalog.resilient-sum.tools.add.chain[0].server=broken",
            "platform.mcp.capabilities.catalog.resilient-sum.tools.add.chain[0].tool=get-sum",
            "platform.mcp.capabilities.catalog.resilient-sum.tools.add.chain[1].server=everything",
            "platform.mcp.capabilities.catalog.resilient-sum.tools.add.chain[1].tool=get-sum",
            "platform.mcp.capabilities.catalog.write-once.default-tool=add",
            "platform.mcp.capabilities.catalog.write-once.tools.add.read-only=false",
            "platform.mcp.capabilities.catalog.write-once.tools.add.chain[0].server=broken",
            "platform.mcp.capabilities.catalog.write-once.tools.add.chain[0].tool=get-sum",
            "platform.mcp.capabilities.catalog.write-once.tools.add.chain[1].server=everything",
            "platform.mcp.capabilities.catalog.write-once.tools.add.chain[1].tool=get-sum",
            "platform.mcp.capabilities.catalog.broken-sum.default-tool=add",
            "platform.mcp.capabilities.catalog.broken-sum.tools.add.chain[0].server=broken",
            "platform.mcp.capabilities.catalog.broken-sum.tools.add.chain[0].tool=get-sum",
            "platform.mcp.capabilities.catalog.spare-sum.default-tool=add",
            "platform.mcp.capabilities.catalog.spare-sum.tools.add.chain[0].server=spare",
            "platform.mcp.capabilities.catalog.spare-sum.tools.add.chain[0].tool=get-sum",
            "platform.mcp.capabilities.catalog.lost-database.default-tool=query",
            "platform.mcp.capabilities.catalog.lost-database.tools.query.read-only=true",
            "platform.mcp.capabilities.catalog.lost-database.tools.query.chain[0].server=pg-lost",
            "platform.mcp.capabilities.catalog.lost-database.tools.query.chain[1].server=postgres-replica",
        })
class CapabilityApiIT {

    static final String SPARE_MARKER = "capability-api-it-spare";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    McpHttp http;

    @BeforeEach
    void client() {
        http = new McpHttp(port);
    }

    @Test
    void aLocalCallThatClaimsNobodyListsTheCapabilitiesAnonymously() throws Exception {
        Response response = http.getAnonymously("/v1/capabilities");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(capability(response.json(), "database")).isPresent();
        assertThat(http.getAnonymously("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void aCallThatClaimsAUserWithoutACredentialIsRefused() throws Exception {
        for (String header : List.of("X-User-Id", "X-User-Tier", "X-API-Key", "Authorization")) {
            Response response = http.getAnonymously("/v1/capabilities", header, "check-victim");

            assertThat(response.status()).as(header).isEqualTo(401);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(http.getAnonymously("/v1/capabilities/database/tools").status())
                .as("only the list and the call are served anonymously")
                .isEqualTo(401);
    }

    @Test
    void anAnonymousCallUsesFreeEntriesOnlyAndBooksNothing() throws Exception {
        Response query = http.postAnonymously(
                "/v1/capabilities/database/call", "{\"arguments\": {\"sql\": \"select 4242 as answer\"}}");
        assertThat(query.status()).as(query.body()).isEqualTo(200);
        assertThat(query.json().get("content").asString()).contains("4242");
        assertThat(query.json().get("costUsd").decimalValue()).isZero();

        Response priced = http.postAnonymously("/v1/capabilities/filesystem/call", "{}");
        assertThat(priced.status()).as(priced.body()).isEqualTo(403);
        assertThat(priced.header("Content-Type")).startsWith("application/problem+json");
        assertThat(priced.json().get("detail").asString()).contains("free entries only");

        Response write = http.postAnonymously(
                "/v1/capabilities/memory/call", "{\"tool\": \"add\", \"arguments\": {\"content\": \"x\"}}");
        assertThat(write.status()).as(write.body()).isEqualTo(403);
        assertThat(write.json().get("detail").asString()).contains("may only read");

        Response search = http.postAnonymously("/v1/capabilities/web_search/call", "{\"query\": \"mcp\"}");
        if (search.status() == 200) {
            assertThat(search.json().get("server").asString()).isEqualTo("duckduckgo");
        } else {
            assertThat(search.status()).as(search.body()).isEqualTo(503);
            assertThat(search.json().get("detail").asString()).doesNotContain("brave-search skipped (no key");
        }
    }

    @Test
    void listsCapabilitiesWithTheToolNamesTheRealServersOffer() throws Exception {
        Response response = http.get("/v1/capabilities");

        assertThat(response.status()).isEqualTo(200);
        JsonNode filesystem = capability(response.json(), "filesystem").orElseThrow();
        assertThat(texts(filesystem.get("tools")))
                .containsExactlyInAnyOrder("list_directory", "read_text_file", "search_files");
        assertThat(texts(filesystem.get("servers"))).containsExactly("filesystem");
        assertThat(filesystem.get("costPerCallUsd").decimalValue()).isEqualByComparingTo("0.0001");
        JsonNode database = capability(response.json(), "database").orElseThrow();
        assertThat(texts(database.get("servers"))).containsExactly("postgres-primary", "postgres-replica");
        JsonNode search = capability(response.json(), "web_search").orElseThrow();
        assertThat(texts(search.get("servers"))).containsExactly("brave-search", "tavily", "duckduckgo");
        assertThat(search.at("/entries/0/state").asString()).isEqualTo("no_key");
        assertThat(search.at("/entries/0/costPerCallUsd").decimalValue()).isEqualByComparingTo("0.001");
        assertThat(search.at("/entries/2/normaliser").asString()).isEqualTo("duckduckgo");
    }

    @Test
    void githubAndSlackWithoutTheirTokensAreListedAsNoKeyAndTheirCallsSkipThemAtOnce() throws Exception {
        JsonNode capabilities = http.get("/v1/capabilities").json();

        JsonNode github = capability(capabilities, "github").orElseThrow();
        assertThat(texts(github.get("servers"))).containsExactly("github");
        for (JsonNode entry : github.get("entries")) {
            assertThat(entry.get("state").asString()).isEqualTo("no_key");
            assertThat(entry.get("reason").asString()).contains("GITHUB_PERSONAL_ACCESS_TOKEN");
        }
        JsonNode slack = capability(capabilities, "slack").orElseThrow();
        assertThat(texts(slack.get("tools"))).contains("list_channels", "post_message");
        for (JsonNode entry : slack.get("entries")) {
            assertThat(entry.get("state").asString()).isEqualTo("no_key");
            assertThat(entry.get("reason").asString())
                    .contains("SLACK_BOT_TOKEN")
                    .contains("SLACK_TEAM_ID");
        }

        Response call = http.post("/v1/capabilities/github/call", "{\"query\": \"mcp\"}");
        assertThat(call.status()).as(call.body()).isEqualTo(503);
        assertThat(call.json().get("detail").asString()).contains("github skipped (no key");
        assertThat(http.get("/v1/capabilities/slack/tools").json())
                .as("no tool of a server that never started is offered to models")
                .isEmpty();
    }

    @Test
    void describesACapabilitysToolsWithTheInputSchemasTheRealServersGave() throws Exception {
        Response response = http.get("/v1/capabilities/sum/tools");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).hasSize(1);
        JsonNode sum = response.json().get(0);
        assertThat(sum.get("name").asString()).isEqualTo("add");
        assertThat(sum.get("description").asString()).isNotBlank();
        JsonNode schema = sum.get("inputSchema");
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("properties").get("a").get("type").asString()).isEqualTo("number");
        assertThat(texts(schema.get("required"))).containsExactlyInAnyOrder("a", "b");

        JsonNode query = http.get("/v1/capabilities/database/tools").json().get(0);
        assertThat(query.get("name").asString()).isEqualTo("query");
        assertThat(texts(query.at("/inputSchema/required"))).containsExactly("sql");

        JsonNode files = http.get("/v1/capabilities/filesystem/tools").json();
        List<String> names = StreamSupport.stream(files.spliterator(), false)
                .map(tool -> tool.get("name").asString())
                .toList();
        assertThat(names).containsExactlyInAnyOrder("list_directory", "read_text_file", "search_files");
        assertThat(StreamSupport.stream(files.spliterator(), false)
                        .filter(tool -> tool.get("name").asString().equals("read_text_file"))
                        .findFirst()
                        .orElseThrow()
                        .get("inputSchema")
                        .get("properties")
                        .has("path"))
                .isTrue();
    }

    @Test
    void theToolsOfAnUnknownCapabilityAreA404Problem() throws Exception {
        Response response = http.get("/v1/capabilities/weather/tools");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void filesystemListsTheWorkspaceDocumentsByDefault() throws Exception {
        Response response = http.post("/v1/capabilities/filesystem/call", "{}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode result = response.json();
        assertThat(result.get("server").asString()).isEqualTo("filesystem");
        assertThat(result.get("tool").asString()).isEqualTo("list_directory");
        assertThat(result.get("error").asBoolean()).isFalse();
        assertThat(result.get("content").asString())
                .contains("product-faq.md", "q3-2026-report.md", "onboarding-checklist.txt");
        assertThat(result.get("costUsd").decimalValue()).isEqualByComparingTo("0.0001");
    }

    @Test
    void filesystemReadsAWorkspaceDocumentByItsRelativePath() throws Exception {
        Response response = http.post(
                "/v1/capabilities/filesystem/call",
                "{\"tool\": \"read_text_file\", \"arguments\": {\"path\": \"q3-2026-report.md\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("content").asString()).contains("Quarterly report", "$2.41M");
    }

    @Test
    void theFilesystemServerRefusesPathsOutsideTheWorkspace() throws Exception {
        Response response = http.post(
                "/v1/capabilities/filesystem/call",
                "{\"tool\": \"read_text_file\", \"arguments\": {\"path\": \"../pom.xml\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("error").asBoolean()).isTrue();
        assertThat(response.json().get("content").asString()).containsIgnoringCase("denied");
    }

    @Test
    void theDatabaseAnswersAReadOnlyQueryThroughThePostgresServer() throws Exception {
        Response response = http.post(
                "/v1/capabilities/database/call",
                "{\"arguments\": {\"sql\": \"select count(*) as orders, 4242 as answer from analytics.orders\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("server").asString()).isEqualTo("postgres-primary");
        assertThat(response.json().get("error").asBoolean()).isFalse();
        assertThat(response.json().get("content").asString()).contains("4242", "2000");
    }

    @Test
    void theDatabaseRefusesAWriteAsTheToolsAnswerWithoutFallingBack() throws Exception {
        for (String sql : List.of(
                "create table check_should_not_exist (i int)",
                "delete from analytics.orders",
                "commit; create table public.sneaked_in (i int)")) {
            Response response =
                    http.post("/v1/capabilities/database/call", "{\"arguments\": {\"sql\": \"" + sql + "\"}}");

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("error").asBoolean()).as(sql).isTrue();
            assertThat(response.json().get("server").asString()).isEqualTo("postgres-primary");
        }
        Response orders = http.post(
                "/v1/capabilities/database/call",
                "{\"arguments\": {\"sql\": \"select count(*) as n from analytics.orders\"}}");
        assertThat(orders.json().get("content").asString()).contains("2000");
    }

    @Test
    void aQueryTheLostPrimaryCannotServeIsAnsweredByTheReplica() throws Exception {
        Response response = http.post(
                "/v1/capabilities/lost-database/call", "{\"arguments\": {\"sql\": \"select 4242 as answer\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("server").asString()).isEqualTo("postgres-replica");
        assertThat(response.json().get("content").asString()).contains("4242");
    }

    @Test
    void webSearchSkipsEntriesWithoutAKeyAndFailsFastWithTheReasons() throws Exception {
        Response response = http.post("/v1/capabilities/web_search/call", "{\"query\": \"model context protocol\"}");

        // no BRAVE_API_KEY or TAVILY_API_KEY here, and no internet for DuckDuckGo
        if (response.status() == 200) {
            assertThat(response.json().get("server").asString()).isIn("brave-search", "tavily", "duckduckgo");
            JsonNode results = tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(response.json().get("content").asString());
            assertThat(results.get(0).has("url")).isTrue();
            return;
        }
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().get("detail").asString()).contains("brave-search skipped (no key");
    }

    @Test
    void anAdminRegistersAndRemovesAChainEntryAtRunTimeAndNoOneElseCan() throws Exception {
        String registration = "{\"tool\": \"plus\", \"server\": \"everything\", \"serverTool\": \"get-sum\","
                + " \"costPerCallUsd\": 0.5, \"readOnly\": true}";

        assertThat(http.post("/v1/capabilities/adder/tools", registration).status())
                .isEqualTo(403);
        Response registered = http.postAsAdmin("/v1/capabilities/adder/tools", registration);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(http.postAsAdmin("/v1/capabilities/adder/tools", registration)
                        .status())
                .isEqualTo(409);
        assertThat(http.postAsAdmin("/v1/capabilities/adder/tools", registration.replace("everything", "nowhere"))
                        .status())
                .isEqualTo(400);

        Response sum = http.post("/v1/capabilities/adder/call", "{\"arguments\": {\"a\": 40, \"b\": 2}}");
        assertThat(sum.status()).as(sum.body()).isEqualTo(200);
        assertThat(sum.json().get("content").asString()).contains("42");
        assertThat(sum.json().get("costUsd").decimalValue()).isEqualByComparingTo("0.5");

        assertThat(http.delete("/v1/capabilities/adder/tools/plus").status()).isEqualTo(403);
        assertThat(http.deleteAsAdmin("/v1/capabilities/adder/tools/plus").status())
                .isEqualTo(204);
        assertThat(http.post("/v1/capabilities/adder/call", "{}").status()).isEqualTo(404);
    }

    @Test
    void booksAPricedCallToThePlatformUsageStreamForTheUserItActsFor() throws Exception {
        String user = "usage-" + System.nanoTime();
        Response response = http.postForUser("/v1/capabilities/filesystem/call", "{}", user);
        assertThat(response.status()).as(response.body()).isEqualTo(200);

        RedisClient client = RedisClient.create(TestInfrastructure.redisUrl(McpTestDatabase.REDIS_DATABASE));
        try (var connection = client.connect()) {
            // booked by the service's publishing thread, after the answer
            List<String> payloads = List.of();
            for (int i = 0; i < 100 && payloads.isEmpty(); i++) {
                if (i > 0) {
                    Thread.sleep(100);
                }
                payloads = connection.sync().xrange(Streams.USAGE, Range.create("-", "+")).stream()
                        .map(message -> message.getBody().get(Streams.FIELD_PAYLOAD))
                        .filter(payload -> payload.contains(user))
                        .toList();
            }
            assertThat(payloads).hasSize(1);
            assertThat(payloads.get(0))
                    .contains("\"provider\":\"mcp:filesystem\"", "\"model\":\"list_directory\"", "\"costUsd\":0.0001");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aWriteIsNeverSentToTheNextEntryAfterAFailedCall() throws Exception {
        Response response = http.post("/v1/capabilities/write-once/call", "{\"arguments\": {\"a\": 1, \"b\": 1}}");

        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().get("detail").asString()).contains("not read-only");
    }

    @Test
    void sumAddsTwoNumbers() throws Exception {
        Response response =
                http.post("/v1/capabilities/sum/call", "{\"tool\": \"add\", \"arguments\": {\"a\": 2, \"b\": 3}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("server").asString()).isEqualTo("everything");
        assertThat(response.json().get("content").asString()).contains("5");
        assertThat(response.json().get("error").asBoolean()).isFalse();
    }

    @Test
    void fallsBackToTheSecondaryServerWhenThePrimaryCannotStart() throws Exception {
        Response response = http.post("/v1/capabilities/resilient-sum/call", "{\"arguments\": {\"a\": 20, \"b\": 22}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("server").asString()).isEqualTo("everything");
        assertThat(response.json().get("content").asString()).contains("42");
        assertThat(http.get("/actuator/prometheus").body())
                .containsPattern(
                        "mcp_tool_calls_total\\{application=\"mcp-service\",capability=\"resilient-sum\",outcome=\"unavailable\","
                                + "server=\"broken\",tool=\"get-sum\"} [1-9]")
                .containsPattern(
                        "mcp_tool_calls_total\\{application=\"mcp-service\",capability=\"resilient-sum\",outcome=\"success\","
                                + "server=\"everything\",tool=\"get-sum\"} [1-9]");
    }

    @Test
    void answers503WithRetryAfterWhenEveryServerFails() throws Exception {
        Response response = http.post("/v1/capabilities/broken-sum/call", "{\"arguments\": {\"a\": 1, \"b\": 1}}");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.json().get("type").asString()).endsWith("/unavailable");
        assertThat(response.json().get("detail").asString()).contains("broken");
    }

    @Test
    void restartsAServerThatDiedOnItsNextCall() throws Exception {
        assertThat(http.post("/v1/capabilities/spare-sum/call", "{\"arguments\": {\"a\": 1, \"b\": 2}}")
                        .status())
                .isEqualTo(200);
        ProcessHandle spare = ProcessHandle.current()
                .children()
                .filter(process -> process.info().arguments().stream()
                        .flatMap(Arrays::stream)
                        .anyMatch(SPARE_MARKER::equals))
                .findFirst()
                .orElseThrow();
        spare.destroyForcibly();
        spare.onExit().get(10, TimeUnit.SECONDS);

        Response response = http.post("/v1/capabilities/spare-sum/call", "{\"arguments\": {\"a\": 3, \"b\": 4}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("content").asString()).contains("7");
        JsonNode spareHealth = http.get("/actuator/health/readiness").json().at("/components/mcpServers/details/spare");
        assertThat(spareHealth.get("status").asString()).isEqualTo("UP");
        assertThat(spareHealth.get("restarts").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void readinessReportsEachServerAndStaysUpWhileSomeServersRun() throws Exception {
        Response response = http.get("/actuator/health/readiness");

        assertThat(response.status()).isEqualTo(200);
        JsonNode servers = response.json().at("/components/mcpServers/details");
        assertThat(servers.at("/filesystem/status").asString()).isEqualTo("UP");
        assertThat(servers.at("/everything/status").asString()).isEqualTo("UP");
        assertThat(servers.at("/everything/tools").asInt()).isPositive();
        assertThat(servers.at("/broken/status").asString()).isEqualTo("DOWN");
        assertThat(servers.at("/broken/lastError").asString()).contains("could not start");
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void anUnknownCapabilityIsA404Problem() throws Exception {
        Response response = http.post("/v1/capabilities/weather/call", "{}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/not-found");
    }

    @Test
    void aToolTheCapabilityDoesNotOfferIsA404ProblemEvenIfTheServerHasIt() throws Exception {
        Response response = http.post("/v1/capabilities/sum/call", "{\"tool\": \"get-env\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/not-found");
        assertThat(response.json().get("detail").asString()).contains("get-env");
    }

    @Test
    void argumentsThatFailTheToolsInputSchemaAreA400NamingTheField() throws Exception {
        for (String[] call : List.of(
                new String[] {"database", "{\"arguments\": {\"query\": \"select 1\"}}", "sql"},
                new String[] {"database", "{\"arguments\": {\"sql\": 42}}", "sql"},
                // server-everything's own schema for get-sum, as the server listed it
                new String[] {"sum", "{\"arguments\": {\"a\": \"two\", \"b\": 3}}", "a"})) {
            Response response = http.post("/v1/capabilities/" + call[0] + "/call", call[1]);

            assertThat(response.status()).as(call[1] + ": " + response.body()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(texts(response.json().get("fields"))).as(call[1]).containsExactly(call[2]);
            assertThat(response.json().get("detail").asString()).contains(call[2]);
        }
    }

    @Test
    void malformedJsonOrAWrongShapeIsA400ProblemNeverA500() throws Exception {
        for (String body : List.of(
                "{\"tool\": \"get-sum\", \"arguments\": {\"a\": 2",
                "{\"arguments\": \"a=2\"}",
                "[1, 2]",
                "{\"tool\": \"" + "x".repeat(201) + "\"}",
                "")) {
            Response response = http.post("/v1/capabilities/sum/call", body);

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
            assertThat(response.json().get("type").asString()).as(body).endsWith("/invalid-request");
        }
    }

    @Test
    void countsToolCallsAndTheirLatencyForPrometheus() throws Exception {
        http.post("/v1/capabilities/sum/call", "{\"arguments\": {\"a\": 1, \"b\": 1}}");

        String metrics = http.get("/actuator/prometheus").body();

        assertThat(metrics)
                .containsPattern(
                        "mcp_tool_calls_total\\{application=\"mcp-service\",capability=\"sum\",outcome=\"success\","
                                + "server=\"everything\",tool=\"get-sum\"} [1-9]")
                .contains(
                        "mcp_tool_latency_seconds_count{application=\"mcp-service\",capability=\"sum\",outcome=\"success\"");
    }

    private static Optional<JsonNode> capability(JsonNode list, String name) {
        return StreamSupport.stream(list.spliterator(), false)
                .filter(node -> name.equals(node.get("name").asString()))
                .findFirst();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asString)
                .toList();
    }
}
