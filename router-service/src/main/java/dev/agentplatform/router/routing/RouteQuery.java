package dev.agentplatform.router.routing;

import dev.agentplatform.common.Strategy;
import dev.agentplatform.common.TaskRequest;
import java.util.List;

/**
 * What a decision is made from.
 *
 * @param prompt the text to answer
 * @param model {@code auto}, an agent or a team; {@code null} means {@code auto}
 * @param agents agents the caller insists on, primary first; wins over {@code model}
 * @param strategy the caller's strategy, or {@code null} to let the router choose
 * @param userId the caller, for budget advice; may be {@code null}
 * @param tier the caller's tier; may be {@code null}
 * @param promptEmbedding the gateway's {@code X-Prompt-Embedding}, or {@code null}
 * @param team the team of the caller's API key, whose budget advises too; may be {@code null}
 * @param keyId the caller's API key, whose budget advises too; may be {@code null}
 */
public record RouteQuery(
        String prompt,
        String model,
        List<String> agents,
        Strategy strategy,
        String userId,
        String tier,
        String promptEmbedding,
        String team,
        String keyId) {

    public RouteQuery(String prompt, String model, List<String> agents, Strategy strategy) {
        this(prompt, model, agents, strategy, null, null, null, null, null);
    }

    /** The routing-relevant part of a task. */
    public static RouteQuery of(
            TaskRequest task, String userId, String tier, String promptEmbedding, String team, String keyId) {
        return new RouteQuery(
                task.prompt(),
                task.model(),
                task.agents(),
                task.strategy(),
                userId,
                tier,
                promptEmbedding,
                team,
                keyId);
    }

    /** The routing-relevant part of a task, without user or embedding. */
    public static RouteQuery of(TaskRequest task) {
        return of(task, null, null, null, null, null);
    }
}
