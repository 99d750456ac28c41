package dev.agentplatform.support.stream;

import org.springframework.context.SmartLifecycle;

/**
 * A service's consumer of one stream as a Spring bean: the subclass is the {@link StreamHandler}
 * and hands its {@link StreamConsumerRunner} to {@link #consumeWith}; the bean's lifecycle starts
 * and stops the runner (not at all when the consumer is disabled).
 */
public abstract class StreamConsumer implements StreamHandler, SmartLifecycle {

    private StreamConsumerRunner runner;
    private boolean enabled;

    /** Call once, from the subclass's constructor. */
    protected final void consumeWith(StreamConsumerRunner runner, boolean enabled) {
        this.runner = runner;
        this.enabled = enabled;
    }

    @Override
    public final void start() {
        if (enabled) {
            runner.start();
        }
    }

    @Override
    public final void stop() {
        runner.stop();
    }

    @Override
    public final boolean isRunning() {
        return runner.isRunning();
    }
}
