package dev.agentplatform.mcp.database;

import dev.agentplatform.mcp.server.ServerPlaceholders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.DependsOn;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Prepares the read-only role after Flyway seeded the {@code analytics} schema, and gives the PostgreSQL MCP
 * servers their URLs as the placeholders {@code {database-url}} (the primary) and {@code {database-replica-url}}.
 * Read-only twice over: the server runs each query in a read-only transaction, and the role it connects as may
 * only read {@code analytics} and starts every transaction read-only. Where the role cannot be made (no right to
 * create roles) the servers connect as the service's own user and keep the first guard only; a warning says so.
 */
@Component
@DependsOn("flywayInitializer")
class AnalyticsDatabase implements ServerPlaceholders {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsDatabase.class);

    private final String primaryUrl;
    private final String replicaUrl;

    AnalyticsDatabase(
            JdbcClient jdbc,
            DatabaseProperties properties,
            @Value("${spring.datasource.url}") String jdbcUrl,
            @Value("${spring.datasource.username:postgres}") String username,
            @Value("${spring.datasource.password:}") String password) {
        String role = properties.readerRole();
        boolean reader = prepareReader(jdbc, role, properties.readerPassword());
        this.primaryUrl = reader
                ? postgresUrl(jdbcUrl, role, properties.readerPassword())
                : postgresUrl(jdbcUrl, username, password);
        boolean replica =
                properties.replicaUrl() != null && !properties.replicaUrl().isBlank();
        String given = replica ? properties.replicaUrl().trim() : null;
        // a replica of the primary has its roles too: query it as the read-only role, as the primary
        this.replicaUrl =
                !replica ? primaryUrl : reader ? withCredentials(given, role, properties.readerPassword()) : given;
        if (!replica) {
            log.info("No DATABASE_REPLICA_URL: the database capability's fallback server queries the primary");
        }
    }

    private static boolean prepareReader(JdbcClient jdbc, String role, String password) {
        try {
            jdbc.sql("DO $$ BEGIN CREATE ROLE " + role + " LOGIN; "
                            + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
                    .update();
            jdbc.sql("ALTER ROLE " + role + " SET default_transaction_read_only = on")
                    .update();
            jdbc.sql("ALTER ROLE " + role + " SET search_path = analytics").update();
            jdbc.sql("ALTER ROLE " + role + " SET statement_timeout = '10s'").update();
            jdbc.sql("GRANT USAGE ON SCHEMA analytics TO " + role).update();
            jdbc.sql("GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO " + role)
                    .update();
            if (password != null && !password.isBlank()) {
                String statement = jdbc.sql("SELECT format('ALTER ROLE %I PASSWORD %L', :role, :password)")
                        .param("role", role)
                        .param("password", password)
                        .query(String.class)
                        .single();
                jdbc.sql(statement).update();
            }
            return true;
        } catch (DataAccessException e) {
            log.warn(
                    "Could not prepare the read-only role {} ({}); the PostgreSQL MCP servers connect as the "
                            + "service's own user, guarded by their read-only transactions only",
                    role,
                    e.getMostSpecificCause().getMessage());
            return false;
        }
    }

    /** {@code postgresql://user[:password]@host:port/db} for a {@code jdbc:postgresql://host:port/db} URL. */
    static String postgresUrl(String jdbcUrl, String user, String password) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password == null || password.isEmpty()
                        ? ""
                        : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8));
        return "postgresql://" + credentials + "@" + rest;
    }

    /** {@code url} ({@code postgresql://[user[:password]@]host...}) with {@code user} and {@code password}. */
    static String withCredentials(String url, String user, String password) {
        java.util.regex.Matcher parts = java.util.regex.Pattern.compile("^(postgres(?:ql)?://)(?:[^@/]*@)?(.*)$")
                .matcher(url);
        if (!parts.matches()) {
            return url;
        }
        String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password == null || password.isEmpty()
                        ? ""
                        : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8));
        return parts.group(1) + credentials + "@" + parts.group(2);
    }

    @Override
    public Map<String, String> values() {
        return Map.of("{database-url}", primaryUrl, "{database-replica-url}", replicaUrl);
    }
}
