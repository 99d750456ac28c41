package dev.agentplatform.router.registry;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The registry over PostgreSQL, kept in step across instances through Redis. */
@Configuration(proxyBeanMethods = false)
class RegistryConfig {

    @Bean
    AgentStore agentStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        return new JdbcAgentStore(jdbc, transactions, json);
    }

    @Bean
    @DependsOnDatabaseInitialization
    AgentRegistry agentRegistry(AgentStore store, AgentCatalogProperties catalog) {
        return new AgentRegistry(store, catalog);
    }

    @Bean
    RedisMessageListenerContainer registryListenerContainer(RedisConnectionFactory connections) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        return container;
    }

    @Bean
    RegistrySync registrySync(
            AgentRegistry registry,
            StringRedisTemplate redis,
            RedisMessageListenerContainer registryListenerContainer,
            RegistryProperties properties) {
        return new RegistrySync(registry, redis, registryListenerContainer, properties);
    }
}
