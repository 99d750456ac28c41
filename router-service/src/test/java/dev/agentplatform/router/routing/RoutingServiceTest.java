package dev.agentplatform.router.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentplatform.common.ModelTier;
import dev.agentplatform.common.RoutingDecision;
import dev.agentplatform.common.RoutingDecision.Candidate;
import dev.agentplatform.common.Strategy;
import dev.agentplatform.router.classify.ClassifierProperties;
import dev.agentplatform.router.classify.KeywordIntentClassifier;
import dev.agentplatform.router.learning.AgentSelector;
import dev.agentplatform.router.learning.SelectionProperties;
import dev.agentplatform.router.registry.AgentCatalogProperties;
import dev.agentplatform.router.registry.AgentCatalogProperties.ConfiguredAgent;
import dev.agentplatform.router.registry.AgentRegistry;
import dev.agentplatform.router.registry.ShippedCatalog;
import dev.agentplatform.router.strategy.StrategyPlanner;
import dev.agentplatform.router.strategy.StrategyProperties;
import dev.agentplatform.support.PlatformException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RoutingServiceTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RoutingService routing = service(ShippedCatalog.registry(), 3);

    @Test
    void autoPicksTheBestAgentWithSameTeamFallbacksUpToThree() {
        RoutingDecision decision = routing.decide(query("Write a python script that parses a SQL dump", null));

        assertThat(decision.agent()).isEqualTo("python");
        assertThat(decision.team()).isEqualTo("code");
        assertThat(decision.strategy()).isEqualTo(Strategy.SINGLE);
        assertThat(decision.agents()).hasSize(3).startsWith("python").containsOnly("python", "javascript", "rust");
        assertThat(decision.candidates()).hasSize(9);
        assertThat(decision.candidates().get(0))
                .isEqualTo(new Candidate("python", decision.candidates().get(0).score()));
        assertThat(decision.candidates())
                .extracting(Candidate::score)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(decision.confidence()).isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void sameTeamFallbacksComeBeforeBetterScoringAgentsOfOtherTeams() {
        // sql scores second on this prompt, but a code agent stands in for python first
        RoutingDecision decision = routing.decide(query("python pandas pytest script that runs a sql query", null));

        assertThat(decision.agent()).isEqualTo("python");
        assertThat(decision.candidates().get(1).agent()).isEqualTo("sql");
        assertThat(decision.agents()).containsExactly("python", "javascript", "rust");
    }

    @Test
    void aModelNamingATeamRestrictsTheCandidatesToThatTeam() {
        RoutingDecision decision = routing.decide(query("Write a python script that draws a chart", "data"));

        assertThat(decision.agent()).isEqualTo("viz");
        assertThat(decision.team()).isEqualTo("data");
        assertThat(decision.candidates())
                .extracting(Candidate::agent)
                .containsExactlyInAnyOrder("sql", "analytics", "viz");
        assertThat(decision.agents()).containsOnly("sql", "analytics", "viz");
    }

    @Test
    void aModelNamingAnAgentPinsItWithFullConfidence() {
        RoutingDecision decision = routing.decide(query("Write a python script", "rust"));

        assertThat(decision.agent()).isEqualTo("rust");
        assertThat(decision.agents()).containsExactly("rust");
        assertThat(decision.confidence()).isEqualTo(1.0);
    }

    @Test
    void autoInAnyCaseLeavesTheChoiceToTheRouter() {
        assertThat(routing.decide(query("Write a SQL query", "AUTO")).agent()).isEqualTo("sql");
        assertThat(routing.decide(query("Write a SQL query", " auto ")).agent()).isEqualTo("sql");
    }

    @Test
    void explicitAgentsWinOverModelAndKeepTheirOrder() {
        RoutingDecision decision = routing.decide(
                new RouteQuery("Summarize this article", "research", List.of("sql", "rust", "sql"), Strategy.PARALLEL));

        assertThat(decision.agent()).isEqualTo("sql");
        assertThat(decision.team()).isEqualTo("data");
        assertThat(decision.agents()).containsExactly("sql", "rust");
        assertThat(decision.strategy()).isEqualTo(Strategy.PARALLEL);
        assertThat(decision.confidence()).isEqualTo(1.0);
        assertThat(decision.candidates()).extracting(Candidate::agent).containsExactlyInAnyOrder("sql", "rust");
    }

    @Test
    void anUnknownModelOrAgentIsABadRequest() {
        assertThatThrownBy(() -> routing.decide(query("hi", "gpt-17")))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("gpt-17");
                });
        assertThatThrownBy(() -> routing.decide(new RouteQuery("hi", null, List.of("python", "cobol"), null)))
                .isInstanceOfSatisfying(
                        PlatformException.class, e -> assertThat(e.getMessage()).contains("cobol"));
    }

    @Test
    void tiesGoToTheCheaperCostTierThenToTheName() {
        Map<String, ConfiguredAgent> agents = new LinkedHashMap<>();
        agents.put("zeta", configured("zeta agent", ModelTier.FREE));
        agents.put("alpha", configured("alpha agent", ModelTier.CHEAP));
        agents.put("beta", configured("beta agent", ModelTier.FREE));
        RoutingService tied = service(new AgentRegistry(new AgentCatalogProperties(agents, true)), 3);

        RoutingDecision decision = tied.decide(query("something shared", null));

        assertThat(decision.agents()).containsExactly("beta", "zeta", "alpha");
    }

    @Test
    void maxAgentsBoundsPrimaryAndFallbacksTogether() {
        RoutingDecision decision = service(ShippedCatalog.registry(), 2).decide(query("Write a SQL query", null));

        assertThat(decision.agents()).hasSize(2).startsWith("sql");
    }

    @Test
    void countsDecisionsByAgentAndStrategy() {
        routing.decide(query("Write a SQL query", null));
        routing.decide(query("Write a SQL query", null));

        assertThat(meters.counter("router_decisions_total", "agent", "sql", "strategy", "SINGLE")
                        .count())
                .isEqualTo(2.0);
    }

    private RoutingService service(AgentRegistry registry, int maxAgents) {
        return new RoutingService(
                registry,
                new KeywordIntentClassifier(),
                new RoutingProperties(maxAgents),
                meters,
                null,
                ClassifierProperties.defaults(),
                new StrategyPlanner(StrategyProperties.defaults()),
                new AgentSelector(SelectionProperties.defaults()),
                Map::of,
                0.8,
                null,
                null);
    }

    private static ConfiguredAgent configured(String description, ModelTier tier) {
        return new ConfiguredAgent("t", description, List.of("shared"), List.of(), null, null, null, null, tier, 100);
    }

    private static RouteQuery query(String prompt, String model) {
        return new RouteQuery(prompt, model, null, null);
    }
}
