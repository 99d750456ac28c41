package dev.agentplatform.router.registry;

import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The registry in PostgreSQL, schema {@code router} (Flyway). */
class JdbcAgentStore implements AgentStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    JdbcAgentStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public List<Agent> load() {
        return jdbc.sql("SELECT name, team, description, keywords::text AS keywords, examples::text AS examples, "
                        + "cost_tier, avg_latency_ms FROM router.agents ORDER BY created_at, name")
                .query((rs, row) -> new Agent(
                        rs.getString("name"),
                        rs.getString("team"),
                        rs.getString("description"),
                        json.readValue(rs.getString("keywords"), STRINGS),
                        json.readValue(rs.getString("examples"), STRINGS),
                        rs.getInt("cost_tier"),
                        rs.getLong("avg_latency_ms")))
                .list();
    }

    @Override
    public boolean insert(Agent agent) {
        try {
            return Boolean.TRUE.equals(transactions.execute(status -> {
                int rows = insertRow(agent, "api");
                if (rows > 0) {
                    bumpVersion();
                }
                return rows > 0;
            }));
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public boolean delete(String name) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int rows = jdbc.sql("DELETE FROM router.agents WHERE name = ?")
                    .param(name)
                    .update();
            if (rows > 0) {
                bumpVersion();
            }
            return rows > 0;
        }));
    }

    @Override
    public long version() {
        return jdbc.sql("SELECT value FROM router.registry_meta WHERE key = 'version'")
                .query(Long.class)
                .single();
    }

    @Override
    public boolean seedOnce(List<Agent> agents) {
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

    private int insertRow(Agent agent, String source) {
        return jdbc.sql(
                        "INSERT INTO router.agents (name, team, description, keywords, examples, cost_tier, avg_latency_ms, "
                                + "source, created_at) VALUES (:name, :team, :description, CAST(:keywords AS jsonb), "
                                + "CAST(:examples AS jsonb), :costTier, :latency, :source, clock_timestamp()) "
                                + "ON CONFLICT (name) DO NOTHING")
                .param("name", agent.name())
                .param("team", agent.team())
                .param("description", agent.description())
                .param("keywords", json.writeValueAsString(agent.keywords()))
                .param("examples", json.writeValueAsString(agent.examples()))
                .param("costTier", agent.costTier())
                .param("latency", agent.avgLatencyMs())
                .param("source", source)
                .update();
    }

    private void bumpVersion() {
        jdbc.sql("UPDATE router.registry_meta SET value = value + 1 WHERE key = 'version'")
                .update();
    }
}
