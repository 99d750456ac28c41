package dev.agentplatform.orchestrator;

import dev.agentplatform.support.security.TestServiceCalls;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Calls of {@code POST /v1/executions} as the router makes them: a client of the orchestrator on
 * {@code port} with the service credential, and bodies holding a task and its routing decision.
 */
public final class Executions {

    private Executions() {}

    /** A client of the orchestrator on {@code port} that calls as a service does. */
    public static RestTestClient client(int port) {
        return RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .requestInterceptor(TestServiceCalls.asService())
                .build();
    }

    /** A task asking {@code prompt}, planned as {@code strategy} over {@code agents}, the first the primary. */
    public static String request(String taskId, String prompt, String strategy, String... agents) {
        return withTask(taskId, "{\"prompt\":\"" + prompt + "\"}", strategy, agents);
    }

    /** Like {@link #request}, with the whole {@code task} object given as JSON. */
    public static String withTask(String taskId, String task, String strategy, String... agents) {
        String list = Arrays.stream(agents).map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
        return "{\"taskId\":\"" + taskId + "\",\"task\":" + task + ","
                + "\"decision\":{\"agent\":\"" + agents[0] + "\",\"team\":\"code\",\"strategy\":\"" + strategy
                + "\",\"confidence\":0.8,\"candidates\":[],\"agents\":[" + list + "]}}";
    }
}
