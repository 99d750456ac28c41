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
    /** Where a chained prompt splits into its parts. */
    private static final Pattern CLAUSE_BREAK = Pattern.compile(
            "(?i)\\s*(?:;|\\bthen\\b|\\bafter that\\b|\\bafterwards\\b|\\bfinally\\b|\\band also\\b|\\bfollowed by\\b"
                    + "|(?<=[.!?])\\s)\\s*");

    private static final int MIN_CLAUSE_WORDS = 3;

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
        return plan(prompt, teams, List.of());
    }

    /**
     * The plan for a prompt whose parts were classified on their own.
     *
     * @param prompt the text
     * @param teams team probabilities of the whole prompt, best first
     * @param clauseTeams the confident team of each part of a chained prompt, in the prompt's order
     */
    public Plan plan(String prompt, List<TeamScore> teams, List<String> clauseTeams) {
        List<String> distinct = clauseTeams.stream().distinct().toList();
        if (distinct.size() >= 2) {
            // the whole prompt's ranking orders the parts, so the primary is its best team whenever
            // that team is one of them (the orchestrator may reorder a cascade by cost anyway)
            List<String> ranking = teams.stream().map(TeamScore::team).toList();
            List<String> ordered = new ArrayList<>(distinct);
            ordered.sort(java.util.Comparator.comparingInt(team -> {
                int i = ranking.indexOf(team);
                return i < 0 ? Integer.MAX_VALUE : i;
            }));
            return new Plan(Strategy.CASCADE, ordered);
        }
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

    /** The parts of a chained prompt ("do A; then B"), or just the prompt when it is not chained. */
    public List<String> clauses(String prompt) {
        List<String> clauses = new ArrayList<>();
        for (String part : CLAUSE_BREAK.split(prompt.strip())) {
            if (words(part) >= MIN_CLAUSE_WORDS) {
                clauses.add(part.strip());
            }
        }
        return clauses.size() >= 2 ? clauses : List.of(prompt);
    }

    /** Team probability from which one part's team counts as that part's intent. */
    public double clauseConfidence() {
        return 0.5;
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
