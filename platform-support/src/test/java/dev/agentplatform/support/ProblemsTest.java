package dev.agentplatform.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.ProblemTypes;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class ProblemsTest {

    /** Stands in for a subclass of a listed type, found by its superclass's name. */
    static class RedisCommandTimeoutException extends RuntimeException {
        RedisCommandTimeoutException() {
            super("timed out");
        }
    }

    @Test
    void aTimeoutOrRefusedConnectionAnywhereInTheCausesIsA503() {
        ProblemDetail timeout = Problems.unavailable(
                        new IllegalStateException("wrapped", new TimeoutException("no answer in 2000 ms")))
                .orElseThrow();
        assertThat(timeout.getStatus()).isEqualTo(503);
        assertThat(timeout.getType()).isEqualTo(ProblemTypes.UNAVAILABLE);

        assertThat(Problems.unavailable(new RuntimeException(new ConnectException("refused"))))
                .isPresent();
    }

    @Test
    void anythingElseStaysUnmapped() {
        assertThat(Problems.unavailable(new IllegalStateException("a bug"))).isEmpty();
        assertThat(Problems.unavailable(new NullPointerException())).isEmpty();
        // same simple name as Lettuce's, different package: not a known infrastructure failure
        assertThat(Problems.unavailable(new RedisCommandTimeoutException())).isEmpty();
    }
}
