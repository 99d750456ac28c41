package dev.agentplatform.orchestrator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.agentplatform.orchestrator.provider.Simulation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The catalog shipped in {@code application.yml}: the seed's nine agents in three teams. */
class AgentCatalogTest {

    private static AgentCatalog shipped() throws IOException {
        return shipped(Map.of());
    }

    /** The shipped catalog under these environment variables, as the launcher sets them. */
    private static AgentCatalog shipped(Map<String, Object> environment) throws IOException {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new SystemEnvironmentPropertySource("env", environment));
        sources.addAll(new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml")));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        return new AgentCatalog(binder.bindOrCreate("platform.orchestrator", AgentCatalogProperties.class));
    }

    @Test
    void shipsTheSeedsNineAgentsInThreeTeams() throws IOException {
        assertThat(shipped().all())
                .extracting(Agent::name, Agent::team)
                .containsExactlyInAnyOrder(
                        tuple("python", "code"),
                        tuple("javascript", "code"),
                        tuple("rust", "code"),
                        tuple("web_search", "research"),
                        tuple("pdf_reader", "research"),
                        tuple("summarizer", "research"),
                        tuple("sql", "data"),
                        tuple("analytics", "data"),
                        tuple("viz", "data"));
    }

    @Test
    void givesOnlyPdfReaderAndAnalyticsATool() throws IOException {
        AgentCatalog catalog = shipped();

        assertThat(catalog.find("pdf_reader").orElseThrow().capabilities()).containsExactly("filesystem");
        assertThat(catalog.find("analytics").orElseThrow().capabilities()).containsExactly("calculator");
        assertThat(catalog.all())
                .filteredOn(a -> !Map.of("pdf_reader", 1, "analytics", 1).containsKey(a.name()))
                .allSatisfy(a -> assertThat(a.capabilities()).isEmpty());
    }

    @Test
    void runsEveryShippedAgentOnTheSimulatedProviderWithoutFailures() throws IOException {
        assertThat(shipped().all()).allSatisfy(agent -> {
            assertThat(agent.provider()).isEqualTo("simulated");
            assertThat(agent.systemPrompt()).isNotBlank();
            assertThat(agent.simulatedFailureRate()).isZero();
        });
    }

    @Test
    void takesAnAgentsSimulatedLatencyAndFailureRateFromEnvironmentVariables() throws IOException {
        AgentCatalog catalog = shipped(Map.of(
                "PLATFORM_ORCHESTRATOR_AGENTS_PYTHON_SIMULATED_LATENCY_MS", "200",
                "PLATFORM_ORCHESTRATOR_AGENTS_PYTHON_SIMULATED_FAILURE_RATE", "0.5"));

        assertThat(catalog.forAgent("python")).isEqualTo(new Simulation(Duration.ofMillis(200), 0.5));
        assertThat(catalog.find("python").orElseThrow().team()).isEqualTo("code");
    }

    @Test
    void tellsTheSimulatedProviderEachAgentsLatencyAndIdealForStrangers() throws IOException {
        AgentCatalog catalog = AgentCatalog.of(
                List.of(new Agent("python", "code", "You code.", "simulated", List.of(), Duration.ofMillis(40), 0.25)));

        assertThat(catalog.forAgent("python")).isEqualTo(new Simulation(Duration.ofMillis(40), 0.25));
        assertThat(catalog.forAgent("nobody")).isEqualTo(Simulation.IDEAL);
    }
}
