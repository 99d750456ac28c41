package dev.agentplatform.mcp.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.mcp.McpHttp;
import dev.agentplatform.mcp.McpTestDatabase;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With their tokens set, the github and slack capabilities start the real npm servers, which list their tools (no
 * network needed for that). The tokens are made up: nothing here calls GitHub or Slack (no internet on this
 * machine), so only the wiring is checked; {@link CapabilityApiIT} checks the same capabilities without tokens.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "GITHUB_PERSONAL_ACCESS_TOKEN=ghp_made_up_for_the_wiring_test",
            "SLACK_BOT_TOKEN=xoxb-made-up-for-the-wiring-test",
            "SLACK_TEAM_ID=T0000000",
        })
class GithubSlackWiringIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        McpTestDatabase.register(registry);
    }

    @Test
    void withTheirTokensTheServersRunAndOfferTheirToolsWithTheirOwnSchemas() throws Exception {
        McpHttp http = new McpHttp(port);
        JsonNode capabilities = http.get("/v1/capabilities").json();
        for (String name : List.of("github", "slack")) {
            JsonNode capability = StreamSupport.stream(capabilities.spliterator(), false)
                    .filter(candidate -> candidate.get("name").asString().equals(name))
                    .findFirst()
                    .orElseThrow();
            for (JsonNode entry : capability.get("entries")) {
                assertThat(entry.get("state").asString()).as(name + " " + entry).isEqualTo("healthy");
            }
        }

        JsonNode github = http.get("/v1/capabilities/github/tools").json();
        assertThat(names(github))
                .containsExactly(
                        "search_repositories",
                        "search_code",
                        "search_issues",
                        "get_file_contents",
                        "list_issues",
                        "get_issue",
                        "create_issue",
                        "add_issue_comment");
        assertThat(github.at("/0/inputSchema/properties").has("query")).isTrue();

        JsonNode slack = http.get("/v1/capabilities/slack/tools").json();
        assertThat(names(slack)).contains("list_channels", "post_message", "get_channel_history");
        JsonNode post = StreamSupport.stream(slack.spliterator(), false)
                .filter(tool -> tool.get("name").asString().equals("post_message"))
                .findFirst()
                .orElseThrow();
        assertThat(post.at("/inputSchema/properties").has("channel_id")).isTrue();
    }

    private static List<String> names(JsonNode tools) {
        return StreamSupport.stream(tools.spliterator(), false)
                .map(tool -> tool.get("name").asString())
                .toList();
    }
}
