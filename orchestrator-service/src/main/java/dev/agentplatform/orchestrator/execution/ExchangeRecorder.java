package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.MemoryMessage;
import dev.agentplatform.orchestrator.client.MemoryClient;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Stores a finished exchange (the user's prompt, then the answer) in memory-service on a small
 * thread pool, so the caller does not wait for it. The request id and trace context travel along.
 * An exchange of a task the gateway's injection guard flagged goes to the conversation's quarantine
 * instead: kept for audit, never replayed into a later model call of the conversation. The answer
 * goes with the prompt, since it was written under the flagged text's influence.
 */
@Component
class ExchangeRecorder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExchangeRecorder.class);

    private final MemoryClient memory;
    private final ThreadPoolTaskExecutor executor;
    private final ContextSnapshotFactory snapshots =
            ContextSnapshotFactory.builder().build();

    ExchangeRecorder(MemoryClient memory, ExecutionProperties properties) {
        this.memory = memory;
        this.executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("memory-writer-");
        executor.setCorePoolSize(properties.memoryWriters());
        executor.setMaxPoolSize(properties.memoryWriters());
        executor.setQueueCapacity(properties.memoryWriteQueue());
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(5);
        executor.setTaskDecorator(this::withCallerContext);
        executor.initialize();
    }

    /** Queues the exchange for storage (in quarantine when {@code quarantined}); never blocks and never throws. */
    void record(String userId, String conversationId, String prompt, String answer, String agent, boolean quarantined) {
        Instant now = Instant.now();
        MemoryMessage question = new MemoryMessage("user", prompt, null, now);
        MemoryMessage reply = new MemoryMessage("assistant", answer, agent, now);
        try {
            executor.execute(() -> {
                try {
                    // One task for both keeps the question before the answer in the conversation.
                    if (quarantined) {
                        memory.quarantine(userId, conversationId, question);
                        memory.quarantine(userId, conversationId, reply);
                    } else {
                        memory.append(userId, conversationId, question);
                        memory.append(userId, conversationId, reply);
                    }
                } catch (RestClientException e) {
                    log.warn("could not store exchange of conversation {} in memory: {}", conversationId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("memory write queue full; exchange of conversation {} not stored", conversationId);
        }
    }

    private Runnable withCallerContext(Runnable task) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        ContextSnapshot snapshot = snapshots.captureAll();
        return snapshot.wrap(() -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                task.run();
            } finally {
                if (previous != null) {
                    MDC.setContextMap(previous);
                } else {
                    MDC.clear();
                }
            }
        });
    }

    @Override
    public void destroy() {
        executor.shutdown();
    }
}
