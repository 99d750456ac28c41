package dev.agentplatform.router.learning;

import dev.agentplatform.router.RouterTestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Lua script against real Redis (database 14). */
class RedisSuccessRatesIT extends SuccessRatesContract {

    private static LettuceConnectionFactory connections;

    @BeforeAll
    static void connect() {
        var uri = java.net.URI.create(RouterTestInfrastructure.redisUrl());
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        config.setDatabase(RouterTestInfrastructure.REDIS_DATABASE);
        connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
    }

    @AfterAll
    static void disconnect() {
        RouterTestInfrastructure.flushRedis();
        connections.destroy();
    }

    @BeforeEach
    void empty() {
        RouterTestInfrastructure.flushRedis();
    }

    @Override
    protected SuccessRates rates() {
        StringRedisTemplate redis = new StringRedisTemplate(connections);
        return new RedisSuccessRates(redis, properties);
    }
}
