package dev.agentplatform.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.Headers;
import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpHttp.Response;
import dev.agentplatform.mcp.McpTestDatabase;
import dev.agentplatform.mcp.StandInRouter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Capability calls made for an agent ({@code X-Agent}) against the agent definitions of a stand-in router registry:
 * {@code sql} declares {@code database} only; {@code ghost} is not registered.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
class AgentAllowlistIT {

    private static final List<String> routerSaw = new CopyOnWriteArrayList<>();
    private static final StandInRouter router = StandInRouter.start("/v1/agents/", (path, authorization, body) -> {
        String name = path.substring("/v1/agents/".length());
        routerSaw.add(name + " " + authorization);
        return "sql".equals(name)
                ? new StandInRouter.Answer(
                        200,
                        "{\"name\": \"sql\", \"team\": \"data\", \"capabilities\": [\"database\"],"
                                + " \"tier\": \"cheap\"}")
                : new StandInRouter.Answer(404, "{\"title\": \"Not found\", \"status\": 404}");
    });

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
        router.register(registry);
    }

    @AfterAll
    static void stopRouter() {
        router.stop();
    }

    @Test
    void servesACapabilityTheAgentDeclares() throws Exception {
        Response response = new McpHttp(port)
                .post(
                        "/v1/capabilities/database/call",
                        "{\"arguments\": {\"sql\": \"select 31 as declared\"}}",
                        Headers.AGENT,
                        "sql");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("content").asString()).contains("31");
        assertThat(routerSaw).anySatisfy(seen -> assertThat(seen).startsWith("sql Bearer "));
    }

    @Test
    void refusesACapabilityTheAgentDoesNotDeclare() throws Exception {
        Response response = new McpHttp(port).post("/v1/capabilities/filesystem/call", "{}", Headers.AGENT, "sql");

        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("agent").asString()).isEqualTo("sql");
        assertThat(response.json().get("capability").asString()).isEqualTo("filesystem");
        assertThat(response.json().get("detail").asString()).contains("does not declare capability 'filesystem'");
    }

    @Test
    void refusesEveryCapabilityForAnAgentTheRegistryDoesNotKnow() throws Exception {
        Response response = new McpHttp(port)
                .post(
                        "/v1/capabilities/database/call",
                        "{\"arguments\": {\"sql\": \"select 1\"}}",
                        Headers.AGENT,
                        "ghost");

        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("'ghost' is not registered");
    }

    @Test
    void leavesACallThatNamesNoAgentToTheCapabilityAlone() throws Exception {
        Response response = new McpHttp(port).post("/v1/capabilities/filesystem/call", "{}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
