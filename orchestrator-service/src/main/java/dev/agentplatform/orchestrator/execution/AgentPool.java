package dev.agentplatform.orchestrator.execution;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The bounded pool PARALLEL agents run on (never the common pool): {@code agent-threads} threads
 * and a queue of {@code agent-queue}; beyond that a submission is refused and the caller treats the
 * agent as overloaded. The caller's MDC and trace context travel along.
 */
@Component
class AgentPool implements DisposableBean {

    private final ThreadPoolExecutor executor;
    private final ContextSnapshotFactory snapshots =
            ContextSnapshotFactory.builder().build();

    AgentPool(ExecutionProperties properties) {
        BlockingQueue<Runnable> queue = properties.agentQueue() == 0
                ? new SynchronousQueue<>()
                : properties.agentQueue() > 10_000
                        ? new LinkedBlockingQueue<>(properties.agentQueue())
                        : new ArrayBlockingQueue<>(properties.agentQueue());
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                properties.agentThreads(), properties.agentThreads(), 60, TimeUnit.SECONDS, queue, r -> {
                    Thread thread = new Thread(r, "agent-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        // the context capture loads its accessors on first use: done here, not in a PARALLEL task's time
        submit(() -> null);
    }

    /**
     * Runs {@code work} on the pool with the caller's context.
     *
     * @throws RejectedExecutionException when the pool and its queue are full
     */
    <T> Future<T> submit(Callable<T> work) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        ContextSnapshot snapshot = snapshots.captureAll();
        return executor.submit(() -> {
            try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                return work.call();
            } finally {
                MDC.clear();
            }
        });
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
