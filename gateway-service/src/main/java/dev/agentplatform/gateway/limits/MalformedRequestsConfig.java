package dev.agentplatform.gateway.limits;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Puts {@link MalformedRequestProblems} behind the HTTP/1.1 codec of every connection. The limits
 * themselves are Spring Boot's {@code server.max-http-request-header-size} and
 * {@code server.netty.max-initial-line-length}, set in {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class MalformedRequestsConfig {

    @Bean
    NettyServerCustomizer malformedRequestProblems() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(
                                NettyPipeline.HttpCodec, MalformedRequestProblems.NAME, new MalformedRequestProblems());
            }
        });
    }
}
