package dev.agentplatform.orchestrator;

import dev.agentplatform.common.OutcomeRecorded;
import dev.agentplatform.common.UsageRecorded;
import dev.agentplatform.orchestrator.event.ExecutionEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Keeps published events in memory, for tests that check what the flow emits without Redis. */
public class RecordingExecutionEvents implements ExecutionEvents {

    private final List<UsageRecorded> usage = new CopyOnWriteArrayList<>();
    private final List<OutcomeRecorded> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void usageRecorded(UsageRecorded event) {
        usage.add(event);
    }

    @Override
    public void outcomeRecorded(OutcomeRecorded event) {
        outcomes.add(event);
    }

    public List<UsageRecorded> usage() {
        return List.copyOf(usage);
    }

    public List<OutcomeRecorded> outcomes() {
        return List.copyOf(outcomes);
    }

    public void clear() {
        usage.clear();
        outcomes.clear();
    }

    /** Puts a recorder in place of the Redis publisher; import it into a Spring test. */
    @TestConfiguration
    public static class Replacing {
        @Bean
        @Primary
        RecordingExecutionEvents recordingExecutionEvents() {
            return new RecordingExecutionEvents();
        }
    }
}
