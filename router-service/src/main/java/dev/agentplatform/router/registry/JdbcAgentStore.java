package dev.agentplatform.router.registry;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import java.util.List;
import java.util.function.IntSupplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The registry in PostgreSQL, schema {@code router} (Flyway). */
class JdbcAgentStore implements AgentStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private static final String COLUMNS = "name, team, description, keywords, examples, system_prompt, provider, "
            + "fallback_providers, capabilities, tier, expected_latency_ms";

    private static final String VALUES = ":name, :team, :description, CAST(:keywords AS jsonb), "
            + "CAST(:examples AS jsonb), :systemPrompt, :provider, CAST(:fallbackProviders AS jsonb), "
            + "CAST(:capabilities AS jsonb), :tier, :latency";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    JdbcAgentStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public List<AgentDefinition> load() {
        return jdbc.sql("SELECT name, team, description, keywords::text AS keywords, examples::text AS examples, "
                        + "system_prompt, provider, fallback_providers::text AS fallback_providers, "
                        + "capabilities::text AS capabilities, tier, expected_latency_ms "
                        + "FROM router.agents ORDER BY created_at, name")
                .query((rs, row) -> new AgentDefinition(
                        rs.getString("name"),
                        rs.getString("team"),
                        rs.getString("description"),
                        json.readValue(rs.getString("keywords"), STRINGS),
                        json.readValue(rs.getString("examples"), STRINGS),
                        rs.getString("system_prompt"),
                        rs.getString("provider"),
                        json.readValue(rs.getString("fallback_providers"), STRINGS),
                        json.readValue(rs.getString("capabilities"), STRINGS),
                        ModelTier.of(rs.getString("tier")),
                        rs.getLong("expected_latency_ms")))
                .list();
    }

    @Override
    public boolean insert(AgentDefinition agent) {
        try {
            return changed(() -> insertRow(agent, "api"));
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public boolean replace(AgentDefinition agent) {
        // created_at and source stay: a replaced agent keeps its place in the order and its origin
        return changed(() -> params(
                        jdbc.sql("UPDATE router.agents SET (" + COLUMNS + ") = (" + VALUES + ") WHERE name = :name"),
                        agent)
                .update());
    }

    @Override
    public boolean delete(String name) {
        return changed(() ->
                jdbc.sql("DELETE FROM router.agents WHERE name = ?").param(name).update());
    }

    @Override
    public long version() {
        return jdbc.sql("SELECT value FROM router.registry_meta WHERE key = 'version'")
                .query(Long.class)
                .single();
    }

    @Override
    public boolean seedOnce(List<AgentDefinition> agents) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int claimed = jdbc.sql(
                            "INSERT INTO router.registry_meta (key, value) VALUES ('seeded', 1) ON CONFLICT DO NOTHING")
                    .update();
            if (claimed == 0) {
                return false;
            }
            agents.forEach(agent -> insertRow(agent, "config"));
            bumpVersion();
            return true;
        }));
    }

    /** Runs {@code write} in a transaction that bumps the version when it touched a row. */
    private boolean changed(IntSupplier write) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int rows = write.getAsInt();
            if (rows > 0) {
                bumpVersion();
            }
            return rows > 0;
        }));
    }

    private int insertRow(AgentDefinition agent, String source) {
        return params(
                        jdbc.sql("INSERT INTO router.agents (" + COLUMNS + ", source, created_at) VALUES (" + VALUES
                                + ", :source, clock_timestamp()) ON CONFLICT (name) DO NOTHING"),
                        agent)
                .param("source", source)
                .update();
    }

    private JdbcClient.StatementSpec params(JdbcClient.StatementSpec statement, AgentDefinition agent) {
        return statement
                .param("name", agent.name())
                .param("team", agent.team())
                .param("description", agent.description())
                .param("keywords", json.writeValueAsString(agent.keywords()))
                .param("examples", json.writeValueAsString(agent.examples()))
                .param("systemPrompt", agent.systemPrompt())
                .param("provider", agent.provider())
                .param("fallbackProviders", json.writeValueAsString(agent.fallbackProviders()))
                .param("capabilities", json.writeValueAsString(agent.capabilities()))
                .param("tier", agent.tier().id())
                .param("latency", agent.expectedLatencyMs());
    }

    private void bumpVersion() {
        jdbc.sql("UPDATE router.registry_meta SET value = value + 1 WHERE key = 'version'")
                .update();
    }
}
