package dev.agentplatform.mcp.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpHttp.Response;
import dev.agentplatform.mcp.McpTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A tool slower than the call timeout, using server-everything's long-running operation. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "platform.mcp.servers.call-timeout=1s",
            "platform.mcp.capabilities.retry-after=9s",
            "platform.mcp.capabilities.catalog.slow.default-tool=trigger-long-running-operation",
            "platform.mcp.capabilities.catalog.slow.tools.trigger-long-running-operation.chain[0].server=everything",
            "platform.mcp.capabilities.catalog.sum.default-tool=get-sum",
            "platform.mcp.capabilities.catalog.sum.tools.get-sum.chain[0].server=everything",
        })
class CallTimeoutIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void aCallThatOutlastsTheTimeoutIsA503AndLeavesTheServerServing() throws Exception {
        McpHttp http = new McpHttp(port);

        Response slow = http.post("/v1/capabilities/slow/call", "{\"arguments\": {\"duration\": 5, \"steps\": 1}}");

        assertThat(slow.status()).as(slow.body()).isEqualTo(503);
        assertThat(slow.header("Retry-After")).isEqualTo("9");
        assertThat(slow.json().get("detail").asString()).contains("within 1000 ms");
        assertThat(http.get("/actuator/prometheus").body())
                .containsPattern(
                        "mcp_tool_calls_total\\{(?:application=\"mcp-service\",)?capability=\"slow\",outcome=\"timeout\",server=\"everything\","
                                + "tool=\"trigger-long-running-operation\"} 1");

        Response sum = http.post("/v1/capabilities/sum/call", "{\"arguments\": {\"a\": 2, \"b\": 3}}");

        assertThat(sum.status()).as(sum.body()).isEqualTo(200);
        assertThat(sum.json().get("content").asString()).contains("5");
    }
}
