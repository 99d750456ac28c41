package dev.agentplatform.gateway.limits;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets the JSON codecs hold a whole body of the configured maximum size (Spring's default is
 * 256 KiB), so the body size filter, not the decoder, decides what is too large. The WebClient to
 * the router shares the codecs, so answers of that size are read as well.
 */
@Configuration(proxyBeanMethods = false)
class CodecLimitsConfig {

    /** Room for a full-size body plus the JSON around it in answers. */
    private static final int HEADROOM_BYTES = 64 * 1024;

    @Bean
    CodecCustomizer bodySizeCodecLimit(LimitsProperties properties) {
        int limit = (int) Math.min(
                Integer.MAX_VALUE - HEADROOM_BYTES, properties.maxBodySize().toBytes());
        return configurer -> configurer.defaultCodecs().maxInMemorySize(limit + HEADROOM_BYTES);
    }
}
