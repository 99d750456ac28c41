package dev.agentplatform.router.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.ExecutionRequest;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskRequest;
import dev.agentplatform.devinfra.CuttingServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.client.RestClient;

/** The router's relay of an orchestrator stream that breaks off in the middle. */
class OrchestratorStreamTest {

    private static final String FIRST = "event: delta\ndata: {\"content\":\"SELECT\"}\n\n";

    @Test
    void aStreamCutInTheMiddleIsRelayedUpToTheCutThenEndsWithAnErrorEvent() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try (CuttingServer orchestrator = new CuttingServer(FIRST)) {
            OrchestratorClient client = new OrchestratorClient(
                    RestClient.builder(),
                    new ClientsProperties(
                            URI.create(orchestrator.baseUrl()),
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(5)));

            client.stream(
                    new ExecutionRequest(
                            "t-1",
                            TaskRequest.of("hello", "alice", null),
                            new RoutingDecision("sql", "data", Strategy.SINGLE, 0.9, List.of(), List.of("sql"))),
                    new OrchestratorClient.Identity("alice", null, null, null),
                    response);
        }

        String body = response.getContentAsString();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/event-stream");
        assertThat(body).startsWith(FIRST);
        String last = body.substring(body.lastIndexOf("event: "));
        assertThat(last).startsWith("event: error\ndata: {").contains(ProblemTypes.UPSTREAM_FAILURE.toString());
        assertThat(last).endsWith("\n\n");
    }
}
