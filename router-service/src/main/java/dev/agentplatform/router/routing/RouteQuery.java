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
 */
public record RouteQuery(String prompt, String model, List<String> agents, Strategy strategy) {

    /** The routing-relevant part of a task. */
    public static RouteQuery of(TaskRequest task) {
        return new RouteQuery(task.prompt(), task.model(), task.agents(), task.strategy());
    }
}
