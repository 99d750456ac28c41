package dev.agentplatform.router.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The registry in real PostgreSQL, each test in a database of its own with the router's migrations. */
class JdbcAgentStoreIT extends AgentStoreContract {

    private static final List<TestDatabase> databases = new ArrayList<>();

    @AfterAll
    static void dropDatabases() {
        databases.forEach(TestDatabase::drop);
    }

    @Test
    void theV3MigrationTurnsCostTiersIntoTiersAndKeepsTheLatency() {
        TestDatabase database = TestInfrastructure.createDatabase("router_store_it");
        databases.add(database);
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        flyway(dataSource).target("2").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (int rank = 1; rank <= 4; rank++) {
            jdbc.sql("INSERT INTO router.agents (name, team, description, keywords, cost_tier, avg_latency_ms) "
                            + "VALUES (?, 't', 'd', '[\"k\"]', ?, ?)")
                    .params("a" + rank, rank, 100L * rank)
                    .update();
        }

        flyway(dataSource).load().migrate();

        AgentStore store = new JdbcAgentStore(
                jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                JsonMapper.builder().build());
        assertThat(store.load())
                .extracting(AgentDefinition::tier, AgentDefinition::expectedLatencyMs)
                .containsExactly(
                        tuple(ModelTier.FREE, 100L),
                        tuple(ModelTier.CHEAP, 200L),
                        tuple(ModelTier.QUALITY, 300L),
                        tuple(ModelTier.PREMIUM, 400L));
        assertThat(store.load()).allSatisfy(agent -> {
            assertThat(agent.systemPrompt()).isNull();
            assertThat(agent.capabilities()).isEmpty();
        });
    }

    private static FluentConfiguration flyway(DriverManagerDataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).schemas("router").defaultSchema("router");
    }

    @Override
    protected AgentStore store() {
        TestDatabase database = TestInfrastructure.createDatabase("router_store_it");
        databases.add(database);
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        flyway(dataSource).load().migrate();
        return new JdbcAgentStore(
                JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                JsonMapper.builder().build());
    }
}
