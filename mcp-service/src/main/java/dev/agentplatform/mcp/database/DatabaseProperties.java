package dev.agentplatform.mcp.database;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the PostgreSQL MCP servers reach the analytics data.
 *
 * @param readerRole the login role the servers connect as: created when missing, allowed to read the
 *     {@code analytics} schema only, every transaction read-only. Default {@code mcp_reader}.
 * @param readerPassword that role's password, set on it at start; default none (trust or peer authentication)
 * @param replicaUrl the read replica the fallback server queries, {@code postgresql://user[:password]@host:port/db}
 *     ({@code DATABASE_REPLICA_URL}); default none: the fallback server then queries the primary too, so it
 *     covers a crashed server process but not a lost database
 */
@ConfigurationProperties("platform.mcp.database")
@Validated
public record DatabaseProperties(
        @DefaultValue("mcp_reader") @NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}")
        String readerRole,

        String readerPassword,
        String replicaUrl) {}
