package dev.agentplatform.orchestrator.resilience;

import dev.agentplatform.orchestrator.leak.OutputLeakGuard;
import dev.agentplatform.orchestrator.provider.LlmCompletion;
import dev.agentplatform.orchestrator.provider.LlmRequest;
import dev.agentplatform.orchestrator.provider.ProviderException;
import dev.agentplatform.orchestrator.provider.ProviderInfo;
import dev.agentplatform.orchestrator.provider.ProviderRegistry;
import dev.agentplatform.orchestrator.provider.ProviderSpans;
import dev.agentplatform.orchestrator.provider.TokenSink;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Calls an agent's provider chain with every guard: for each provider in turn its breaker (real
 * providers only), its rate limiter, retries with backoff for retriable errors, and a time limit
 * per call; the first answer wins, the last error is thrown when none answers.
 *
 * <p>The simulated provider has no breaker of its own: its failures are per agent by construction
 * (chaos is set per agent), so one failing agent must not open a breaker every other agent shares.
 * The agent's breaker covers it.
 *
 * <p>Each call made, retries included, is a client span with the GenAI conventions ({@link
 * ProviderSpans}).
 */
@Component
public class GuardedProviders {

    /** A breaker refused the call. */
    public static final String CIRCUIT_OPEN = "circuit_open";
    /** The provider's rate limiter had no permit. */
    public static final String RATE_LIMITED = "rate_limited";
    /** The caller gave up on the call (PARALLEL cancelled it). */
    public static final String CANCELLED = "cancelled";

    /** The longest {@code Retry-After} still waited out by a retry at the same provider. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(1);

    private final ProviderRegistry registry;
    private final Breakers breakers;
    private final ResilienceProperties properties;
    private final Retry retry;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final ProviderSpans spans;
    private final OutputLeakGuard leaks;

    @Autowired
    GuardedProviders(
            ProviderRegistry registry,
            Breakers breakers,
            ResilienceProperties properties,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<OutputLeakGuard> leaks) {
        this(registry, breakers, properties, new ProviderSpans(tracer.getIfAvailable()), leaks.getIfAvailable());
    }

    /** Without spans. */
    public GuardedProviders(ProviderRegistry registry, Breakers breakers, ResilienceProperties properties) {
        this(registry, breakers, properties, new ProviderSpans(null));
    }

    /** Without the output leak check. */
    public GuardedProviders(
            ProviderRegistry registry, Breakers breakers, ResilienceProperties properties, ProviderSpans spans) {
        this(registry, breakers, properties, spans, null);
    }

    /** With the output leak check {@code leaks} ({@code null}: none). */
    public GuardedProviders(
            ProviderRegistry registry,
            Breakers breakers,
            ResilienceProperties properties,
            ProviderSpans spans,
            OutputLeakGuard leaks) {
        this.leaks = leaks;
        this.registry = registry;
        this.spans = spans;
        this.breakers = breakers;
        this.properties = properties;
        this.retry = Retry.of(
                "providers",
                RetryConfig.<Object>custom()
                        .maxAttempts(properties.retryMaxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                properties.retryBackoff(), properties.retryMultiplier()))
                        .retryOnException(GuardedProviders::retriable)
                        .build());
    }

    /**
     * Errors worth the same call again: the backend failed or throttled, not a timeout or a refusal,
     * and not a throttle that asks for a longer wait than a retry's backoff (the next provider is
     * tried instead).
     */
    static boolean retriable(Throwable error) {
        return error instanceof ProviderException p
                && p.retriable()
                && p.retryAfter()
                        .map(wait -> wait.compareTo(MAX_RETRY_AFTER) <= 0)
                        .orElse(true)
                && !ProviderException.TIMEOUT.equals(p.errorKind())
                && !CIRCUIT_OPEN.equals(p.errorKind())
                && !CANCELLED.equals(p.errorKind())
                && !Thread.currentThread().isInterrupted();
    }

    /**
     * Answers {@code request} with the first provider of {@code chain} that can, before
     * {@code deadlineNanos} ({@link System#nanoTime()} scale).
     *
     * @throws ProviderException the last provider's error when none answers
     */
    public LlmCompletion complete(List<String> chain, LlmRequest request, long deadlineNanos) {
        return complete(chain, request, deadlineNanos, null);
    }

    /**
     * Like {@link #complete(List, LlmRequest, long)}, but streamed into {@code sink} (blocking when
     * {@code null}). A call that fails before its first piece falls back as usual; once a piece went
     * out, its failure is final: no retry, no next provider (the error is no longer retriable).
     *
     * @throws ProviderException the last provider's error when none answers
     */
    public LlmCompletion complete(List<String> chain, LlmRequest request, long deadlineNanos, TokenSink sink) {
        return complete(chain, request, deadlineNanos, sink, null);
    }

    /**
     * Like {@link #complete(List, LlmRequest, long, TokenSink)}, for a caller of {@code tier}: the
     * answer, whole or streamed, passes the output leak check ({@link OutputLeakGuard}) with that
     * tier's action.
     */
    public LlmCompletion complete(
            List<String> chain, LlmRequest request, long deadlineNanos, TokenSink sink, String tier) {
        OutputLeakGuard.Call screened = leaks == null ? null : leaks.open(request, tier);
        if (screened == null) {
            return completeUnscreened(chain, request, deadlineNanos, sink);
        }
        try {
            return screened.finish(completeUnscreened(
                    chain, screened.request(), deadlineNanos, sink == null ? null : screened.stream(sink)));
        } catch (RuntimeException e) {
            screened.abandon();
            throw e;
        }
    }

    private LlmCompletion completeUnscreened(
            List<String> chain, LlmRequest request, long deadlineNanos, TokenSink sink) {
        // made only when no provider answered: an exception fills in its stack trace when constructed
        ProviderException last = null;
        for (String provider : chain) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ProviderException(CANCELLED, false, "call of agent " + request.agent() + " cancelled");
            }
            try {
                return completeWith(provider, request, deadlineNanos, sink);
            } catch (ProviderException e) {
                last = e;
                if (CANCELLED.equals(e.errorKind()) || (sink != null && sink.started())) {
                    throw e;
                }
            }
        }
        if (last == null) {
            throw new ProviderException(
                    ProviderException.PROVIDER_UNAVAILABLE, false, "agent " + request.agent() + " names no provider");
        }
        throw last;
    }

    private LlmCompletion completeWith(String provider, LlmRequest request, long deadlineNanos, TokenSink sink) {
        ProviderInfo info = registry.info(provider)
                .orElseThrow(() -> new ProviderException(
                        ProviderException.PROVIDER_UNAVAILABLE,
                        false,
                        "provider " + provider + " is not in the catalog"));
        if (sink != null) {
            // an answer a budget moved to this model says so before its first piece
            sink.model(info.model());
        }
        CircuitBreaker breaker = info.simulated() ? null : breakers.provider(provider);
        if (breaker != null && !breaker.tryAcquirePermission()) {
            throw new ProviderException(CIRCUIT_OPEN, true, "circuit of provider " + provider + " is open");
        }
        RateLimiter limiter = limiter(info);
        if (limiter != null && !limiter.acquirePermission()) {
            if (breaker != null) {
                breaker.releasePermission();
            }
            throw new ProviderException(
                    RATE_LIMITED, true, "provider " + provider + " is at its " + info.qps() + " QPS");
        }
        long started = System.nanoTime();
        try {
            LlmCompletion completion = retry.executeSupplier(() -> callOnce(provider, request, deadlineNanos, sink));
            if (breaker != null) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            return completion;
        } catch (ProviderException e) {
            if (breaker != null) {
                if (CANCELLED.equals(e.errorKind())) {
                    breaker.releasePermission();
                } else {
                    breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                }
            }
            throw e;
        } catch (RuntimeException e) {
            if (breaker != null) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            }
            throw new ProviderException(ProviderException.PROVIDER_ERROR, true, "provider " + provider + ": " + e);
        }
    }

    private LlmCompletion callOnce(String provider, LlmRequest request, long deadlineNanos, TokenSink sink) {
        try {
            return callOnceTimed(provider, request, deadlineNanos, sink);
        } catch (ProviderException e) {
            if (sink != null && sink.started() && e.retriable()) {
                throw new ProviderException(e.errorKind(), false, e.getMessage() + " after the answer began");
            }
            throw e;
        }
    }

    private LlmCompletion callOnceTimed(String provider, LlmRequest request, long deadlineNanos, TokenSink sink) {
        ProviderInfo info = registry.info(provider).orElse(null);
        if (info == null) {
            return callOnceTimedUntraced(provider, request, deadlineNanos, sink);
        }
        return spans.traced(info, request, () -> callOnceTimedUntraced(provider, request, deadlineNanos, sink));
    }

    private LlmCompletion callOnceTimedUntraced(
            String provider, LlmRequest request, long deadlineNanos, TokenSink sink) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new ProviderException(ProviderException.TIMEOUT, true, "no time left to call " + provider);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new ProviderException(CANCELLED, false, "call of agent " + request.agent() + " cancelled");
        }
        Duration timeout =
                Duration.ofNanos(Math.min(remaining, properties.callTimeout().toNanos()));
        CallDeadline deadline = CallDeadline.start(timeout);
        try {
            return sink == null ? registry.complete(provider, request) : registry.stream(provider, request, sink);
        } catch (ProviderException e) {
            if (deadline.fired()) {
                throw new ProviderException(
                        ProviderException.TIMEOUT,
                        true,
                        "provider " + provider + " took longer than " + timeout.toMillis() + " ms");
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ProviderException(CANCELLED, false, "call of agent " + request.agent() + " cancelled");
            }
            throw e;
        } finally {
            deadline.close();
        }
    }

    private RateLimiter limiter(ProviderInfo info) {
        if (info.qps() <= 0) {
            return null;
        }
        return limiters.computeIfAbsent(
                info.name(),
                name -> RateLimiter.of(
                        name,
                        RateLimiterConfig.custom()
                                .limitForPeriod(info.qps())
                                .limitRefreshPeriod(Duration.ofSeconds(1))
                                .timeoutDuration(properties.rateLimitWait())
                                .build()));
    }
}
