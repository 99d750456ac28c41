/**
 * The platform's analytics database as the {@code database} capability serves it: the sample {@code analytics}
 * schema (Flyway), a read-only role for the PostgreSQL MCP server, and the primary and replica URLs its servers
 * are started with.
 */
package dev.agentplatform.mcp.database;
