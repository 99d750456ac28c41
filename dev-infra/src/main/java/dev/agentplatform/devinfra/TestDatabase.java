package dev.agentplatform.devinfra;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database made for one test run; {@link #drop()} removes it.
 *
 * @param name the database name
 * @param jdbcUrl JDBC URL of the database
 * @param username user to connect as
 * @param password that user's password, empty for trust auth
 * @param adminJdbcUrl JDBC URL of the server's maintenance database, used to drop it
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password, String adminJdbcUrl) {

    /** The {@code postgresql://} form services read from {@code DATABASE_URL}. */
    public String databaseUrl() {
        String hostPortDb = jdbcUrl.substring("jdbc:postgresql://".length());
        String credentials = password.isEmpty() ? username : username + ":" + password;
        return "postgresql://" + credentials + "@" + hostPortDb;
    }

    /** Drops the database, ending any connection still open to it. */
    public void drop() {
        try (var connection = DriverManager.getConnection(adminJdbcUrl, username, password);
                var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name, e);
        }
    }
}
