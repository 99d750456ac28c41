package dev.agentplatform.gateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/v1/keys}: issue and revoke API keys. The authentication filter lets only the admin
 * key reach these endpoints.
 */
@RestController
class KeyAdminController {

    private final KeyStore keys;

    KeyAdminController(KeyStore keys) {
        this.keys = keys;
    }

    @PostMapping("/admin/v1/keys")
    Mono<ResponseEntity<IssuedKeyResponse>> issue(@Valid @RequestBody IssueKeyRequest request) {
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid request",
                    "expiresAt is in the past");
        }
        Set<String> models = request.allowedModels() == null ? Set.of() : new LinkedHashSet<>(request.allowedModels());
        int ownLimit = request.requestsPerMinute() == null ? 0 : request.requestsPerMinute();
        return keys.issue(request.userId(), request.tier(), request.expiresAt(), models, ownLimit, request.team())
                .map(issued -> ResponseEntity.created(URI.create("/admin/v1/keys/" + issued.id()))
                        .body(new IssuedKeyResponse(
                                issued.id(),
                                issued.key(),
                                request.userId(),
                                request.tier(),
                                request.expiresAt(),
                                models.isEmpty() ? null : List.copyOf(models),
                                request.requestsPerMinute(),
                                request.team())));
    }

    @DeleteMapping("/admin/v1/keys/{id}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable String id) {
        return keys.revoke(id).map(found -> {
            if (!found) {
                throw new PlatformException(
                        HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", "No key with id " + id);
            }
            return ResponseEntity.noContent().build();
        });
    }

    /**
     * A key to issue.
     *
     * @param userId the user it authenticates
     * @param tier {@code free}, {@code pro} or {@code enterprise}
     * @param expiresAt when it stops working (ISO-8601 instant); none for never
     * @param allowedModels the models it may ask for; none for any
     * @param requestsPerMinute the key's own request limit per rate-limit window, on top of the
     *     user's (which all of the user's keys share); none for no limit of its own
     * @param team the team the key belongs to, whose budget ({@code /admin/v1/budgets/team/<team>})
     *     applies to its requests; none for no team
     */
    record IssueKeyRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._:@-]{1,200}")
            String userId,

            @NotBlank @Pattern(regexp = "free|pro|enterprise", message = "must be one of free, pro, enterprise")
            String tier,

            Instant expiresAt,
            @Size(max = 100) List<@NotNull @Size(min = 1, max = 200) String> allowedModels,
            @Positive @Max(1_000_000) Integer requestsPerMinute,
            @Pattern(regexp = "[A-Za-z0-9._:@-]{1,200}") String team) {}

    /** The issued key; {@code key} is shown this once and never again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IssuedKeyResponse(
            String id,
            String key,
            String userId,
            String tier,
            Instant expiresAt,
            List<String> allowedModels,
            Integer requestsPerMinute,
            String team) {}
}
