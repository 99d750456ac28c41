package dev.agentplatform.gateway.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API keys.
 *
 * @param keys the user keys; default none ({@code application.yml} ships the development key
 *     {@code dev-local-key})
 * @param adminKey the key for {@code /admin/**}, taken from {@code PLATFORM_ADMIN_KEY}; default
 *     none, which closes the admin routes
 */
@Validated
@ConfigurationProperties("platform.gateway.auth")
public record ApiKeyProperties(@DefaultValue @NotNull List<@Valid ApiKey> keys, String adminKey) {

    /**
     * One user key.
     *
     * @param key the secret the client presents; 8 to 200 characters
     * @param userId the user it authenticates; also used in downstream URLs and keys
     * @param tier the user's tier ({@code free}, {@code pro}, {@code enterprise}, ...)
     */
    public record ApiKey(
            @NotBlank @Size(min = 8, max = 200) String key,

            @NotBlank @Pattern(regexp = "[A-Za-z0-9._:@-]{1,200}")
            String userId,

            @NotBlank @Pattern(regexp = "[A-Za-z0-9._:@-]{1,50}")
            String tier) {

        @Override
        public String toString() {
            // the secret must not reach logs or actuator output
            return "ApiKey[userId=" + userId + ", tier=" + tier + "]";
        }
    }

    @Override
    public String toString() {
        return "ApiKeyProperties[keys=" + keys + ", adminKey="
                + (adminKey == null || adminKey.isBlank() ? "unset" : "set") + "]";
    }
}
