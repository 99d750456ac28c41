package dev.agentplatform.gateway.auth;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leaves the Flyway migration out of start-up: {@link KeyDatabase} runs it on first use and once
 * the application is ready. Started with PostgreSQL down, the gateway still serves the configured
 * keys and the issued keys Redis has cached; issuing keys answers 503 until PostgreSQL is back.
 */
@Configuration(proxyBeanMethods = false)
class KeyDatabaseConfig {

    @Bean
    FlywayMigrationStrategy migrateOnFirstUse() {
        return flyway -> {};
    }
}
