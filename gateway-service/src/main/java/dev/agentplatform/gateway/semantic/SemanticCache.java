package dev.agentplatform.gateway.semantic;

import dev.agentplatform.gateway.semantic.internal.PromptSignature;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Answers a prompt from an earlier answer to a prompt that means the same thing, within one tenant
 * scope and model: the nearest stored prompts above the similarity threshold are candidates, and a
 * candidate is served only if its numbers, negation, named entities and units agree with the query
 * (a near-identical embedding of "17 times 24" for "17 times 23" is not an answer) and neither prompt
 * is a narrower question than the other (content words on one side only: "reset my router" /
 * "reset my router password"). Prompts with the same content words, differing only in framing, need
 * only the lower {@code sameContentThreshold}. A failing index is a miss, never a failed request.
 */
public class SemanticCache implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SemanticCache.class);

    private final VectorIndex index;
    private final SemanticCacheProperties properties;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Timer hits;
    private final Timer misses;
    private final Timer errors;

    public SemanticCache(VectorIndex index, SemanticCacheProperties properties, MeterRegistry meters, Clock clock) {
        this.index = index;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = Schedulers.newBoundedElastic(2, 1024, "semantic-cache", 60, true);
        this.hits = timer(meters, "hit");
        this.misses = timer(meters, "miss");
        this.errors = timer(meters, "error");
    }

    private static Timer timer(MeterRegistry meters, String result) {
        return Timer.builder("gateway.semantic.lookup")
                .description("Semantic cache lookups (index search and false-hit guard, not the embedding)")
                .tag("result", result)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
    }

    /** The best acceptable cached answer for this prompt, or empty. */
    public Mono<Optional<SemanticHit>> lookup(String scope, String model, String prompt, float[] embedding) {
        if (!applicable(prompt, embedding)) {
            return Mono.just(Optional.empty());
        }
        return Mono.fromCallable(() -> {
                    long start = System.nanoTime();
                    Optional<SemanticHit> hit = find(scope, model, prompt, embedding);
                    (hit.isPresent() ? hits : misses)
                            .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    return hit;
                })
                .subscribeOn(scheduler)
                .onErrorResume(e -> {
                    errors.record(java.time.Duration.ZERO);
                    log.warn("semantic cache lookup failed, treating it as a miss", e);
                    return Mono.just(Optional.empty());
                });
    }

    /** Blocking form of {@link #lookup}: for tests and benchmarks, never on an event loop. */
    public Optional<SemanticHit> find(String scope, String model, String prompt, float[] embedding) {
        if (!applicable(prompt, embedding)) {
            return Optional.empty();
        }
        double floor = Math.min(properties.threshold(), properties.sameContentThreshold());
        List<VectorIndex.Match> candidates =
                index.search(scope, model, embedding, properties.candidates(), floor, clock.instant());
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        PromptSignature query = PromptSignature.of(prompt);
        for (VectorIndex.Match candidate : candidates) {
            PromptSignature cached = PromptSignature.of(candidate.entry().prompt());
            boolean closeEnough = candidate.similarity() >= properties.threshold()
                    || cached.contentAgainst(query) == PromptSignature.Content.SAME;
            if (closeEnough && cached.agreesWith(query)) {
                return Optional.of(new SemanticHit(
                        candidate.entry().payload(),
                        candidate.similarity(),
                        candidate.entry().prompt()));
            }
        }
        return Optional.empty();
    }

    /** Stores an answer for later paraphrases of this prompt; failures are logged, not raised. */
    public Mono<Void> store(String scope, String model, String prompt, float[] embedding, byte[] cachedResponse) {
        if (!applicable(prompt, embedding) || cachedResponse == null) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> put(scope, model, prompt, embedding, cachedResponse))
                .subscribeOn(scheduler)
                .onErrorResume(e -> {
                    log.warn("semantic cache store failed", e);
                    return Mono.empty();
                })
                .then();
    }

    /** Blocking form of {@link #store}. */
    public void put(String scope, String model, String prompt, float[] embedding, byte[] cachedResponse) {
        Instant expiresAt = clock.instant().plus(properties.ttl());
        index.upsert(new VectorIndex.Entry(scope, model, prompt, embedding, cachedResponse, expiresAt));
    }

    private boolean applicable(String prompt, float[] embedding) {
        return properties.enabled()
                && prompt != null
                && !prompt.isBlank()
                && prompt.length() <= properties.maxPromptChars()
                && embedding != null
                && embedding.length == PromptEmbedder.DIMENSIONS;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
