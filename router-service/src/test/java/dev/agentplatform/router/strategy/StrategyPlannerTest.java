package dev.agentplatform.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.Strategy;
import dev.agentplatform.router.strategy.StrategyPlanner.TeamScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyPlannerTest {

    private final StrategyPlanner planner = new StrategyPlanner(StrategyProperties.defaults());

    @Test
    void oneClearIntentIsSingle() {
        var plan = planner.plan("Write a SQL query", List.of(new TeamScore("data", 0.9), new TeamScore("code", 0.1)));

        assertThat(plan.strategy()).isEqualTo(Strategy.SINGLE);
        assertThat(plan.teams()).containsExactly("data");
    }

    @Test
    void closeTopIntentsRunInParallel() {
        var plan = planner.plan(
                "Tell me about Python",
                List.of(new TeamScore("code", 0.45), new TeamScore("general", 0.40), new TeamScore("data", 0.15)));

        assertThat(plan.strategy()).isEqualTo(Strategy.PARALLEL);
        assertThat(plan.teams()).containsExactly("code", "general", "data");
    }

    @Test
    void partsOfAChainedPromptWithTheirOwnTeamsCascadeInTheWholePromptsOrder() {
        String prompt = "Write a python function that parses dates; then query sql totals for each region";

        assertThat(planner.clauses(prompt))
                .containsExactly("Write a python function that parses dates", "query sql totals for each region");
        var plan = planner.plan(
                prompt, List.of(new TeamScore("data", 0.7), new TeamScore("code", 0.3)), List.of("code", "data"));

        assertThat(plan.strategy()).isEqualTo(Strategy.CASCADE);
        assertThat(plan.teams()).containsExactly("data", "code");
    }

    @Test
    void aPromptWithoutChainingIsOnePart() {
        assertThat(planner.clauses("Hi! How are you?")).containsExactly("Hi! How are you?");
        assertThat(planner.clauses("Write a poem about the sea")).containsExactly("Write a poem about the sea");
    }

    @Test
    void aLongMultiStepPromptCascadesEvenWithOneIntent() {
        String prompt = "1. Read the file of orders and check every row for missing values in the amount column.\n"
                + "2. Remove the duplicated rows and normalise the dates to ISO format everywhere in the file.\n"
                + "3. Compute the monthly totals per region and the growth against the same month last year.\n"
                + "4. Write the result as a table and explain the three biggest changes in plain words.";

        var plan = planner.plan(prompt, List.of(new TeamScore("data", 0.95), new TeamScore("code", 0.05)));

        assertThat(plan.strategy()).isEqualTo(Strategy.CASCADE);
    }
}
