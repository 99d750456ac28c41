package dev.agentplatform.orchestrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {

    @Test
    void interruptsABlockedCallWhenItPassesAndLeavesTheThreadClean() {
        CallDeadline deadline = CallDeadline.start(Duration.ofMillis(20));
        try {
            assertThatThrownBy(() -> Thread.sleep(60_000)).isInstanceOf(InterruptedException.class);
            assertThat(deadline.fired()).isTrue();
        } finally {
            deadline.close();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void neverInterruptsACallThatEndedInTime() throws InterruptedException {
        // generous against a loaded machine: close() must come before the deadline for this to mean anything
        CallDeadline deadline = CallDeadline.start(Duration.ofMillis(500));
        deadline.close();
        Thread.sleep(700);

        assertThat(deadline.fired()).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
