package dev.agentplatform.router.registry;

import dev.agentplatform.devinfra.TestDatabase;
import dev.agentplatform.devinfra.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
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

    @Override
    protected AgentStore store() {
        TestDatabase database = TestInfrastructure.createDatabase("router_store_it");
        databases.add(database);
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("router")
                .defaultSchema("router")
                .load()
                .migrate();
        return new JdbcAgentStore(
                JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                JsonMapper.builder().build());
    }
}
