package dev.agentplatform.router.strategy;

import dev.agentplatform.common.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Picks the strategy from the prompt's team probabilities and its shape.
 *
 * <ul>
 *   <li>CASCADE when at least two teams pass {@code intent-threshold} and the prompt chains its parts
 *       ("...; then ...", "and also", "after that", several sentences), or when it is a long prompt
 *       of several steps: the parts are answered in turn, each agent refining the last answer;
 *   <li>PARALLEL when the runner-up team is within {@code close-ratio} of the best: the intent is
 *       unclear, so the best agents of the top teams answer at once and the best answer wins;
 *   <li>SINGLE otherwise.
 * </ul>
 */
public class StrategyPlanner {

    private static final Pattern CHAINED = Pattern.compile(
            "(?i)(;|\\bthen\\b|\\bafter that\\b|\\bafterwards\\b|\\bfinally\\b|\\bnext,|\\band also\\b|\\bas well as\\b|"
                    + "\\bplus\\b|\\bfollowed by\\b|\\bonce (?:that|done)\\b)");
    private static final Pattern STEP = Pattern.compile("(?m)(?:[.!?](?:\\s|$)|^\\s*(?:\\d+[.)]|[-*•])\\s)");

    private final StrategyProperties properties;

    public StrategyPlanner(StrategyProperties properties) {
        this.properties = properties;
    }

    /**
     * The plan for a prompt.
     *
     * @param prompt the text
     * @param teams team probabilities, best first
     */
    public Plan plan(String prompt, List<TeamScore> teams) {
        List<String> intents = new ArrayList<>();
        for (TeamScore team : teams) {
            if (team.probability() >= properties.intentThreshold()) {
                intents.add(team.team());
            }
        }
        int steps = steps(prompt);
        boolean chained = CHAINED.matcher(prompt).find() || steps >= 2;
        if (intents.size() >= 2 && chained) {
            return new Plan(Strategy.CASCADE, intents);
        }
        if (words(prompt) >= properties.longPromptWords() && steps >= properties.longPromptSteps()) {
            return new Plan(
                    Strategy.CASCADE, intents.isEmpty() ? List.of(teams.get(0).team()) : intents);
        }
        if (teams.size() >= 2
                && teams.get(1).probability()
                        >= properties.closeRatio() * teams.get(0).probability()) {
            List<String> top = new ArrayList<>();
            for (int i = 0; i < teams.size() && top.size() < properties.parallelAgents(); i++) {
                top.add(teams.get(i).team());
            }
            return new Plan(Strategy.PARALLEL, top);
        }
        return new Plan(Strategy.SINGLE, List.of(teams.get(0).team()));
    }

    /** Agents a PARALLEL plan runs. */
    public int parallelAgents() {
        return properties.parallelAgents();
    }

    private static int steps(String prompt) {
        int n = 0;
        var m = STEP.matcher(prompt.strip());
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int words(String prompt) {
        String s = prompt.strip();
        return s.isEmpty() ? 0 : s.split("\\s+").length;
    }

    /**
     * A team's share of the prompt's probability.
     *
     * @param team the team
     * @param probability the summed probability of its candidate agents
     */
    public record TeamScore(String team, double probability) {}

    /**
     * A strategy and the teams it serves, in order.
     *
     * @param strategy the strategy
     * @param teams for CASCADE the intents in order, for PARALLEL the close teams, for SINGLE the one team
     */
    public record Plan(Strategy strategy, List<String> teams) {}
}
