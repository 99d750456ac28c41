package dev.agentplatform.router.catalog;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One neighbour's catalog, fetched when first needed and kept for {@code ttl} (Caffeine). A lookup
 * that misses fetches again unless the copy is younger than {@code minRefresh}: a name registered
 * at the neighbour a moment ago is found, and a stream of unknown names costs the neighbour at most
 * one call per {@code minRefresh}. A failed fetch is not cached; it reaches the caller as thrown.
 *
 * @param <T> the catalog's type
 */
final class CachedCatalog<T> {

    private final LoadingCache<Boolean, Fetched<T>> cache;
    private final Ticker ticker;
    private final long minRefreshNanos;

    CachedCatalog(Supplier<T> fetch, Duration ttl, Duration minRefresh, Ticker ticker) {
        this.ticker = ticker;
        this.minRefreshNanos = minRefresh.toNanos();
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(1)
                .ticker(ticker)
                .build(key -> new Fetched<>(fetch.get(), ticker.read()));
    }

    /** The catalog, from the cache while it is fresh. */
    T current() {
        return cache.get(Boolean.TRUE).catalog();
    }

    /** The catalog, fetched again first when the cached copy fails {@code holds} and may be refreshed. */
    T holding(Predicate<T> holds) {
        Fetched<T> fetched = cache.get(Boolean.TRUE);
        if (holds.test(fetched.catalog()) || ticker.read() - fetched.at() < minRefreshNanos) {
            return fetched.catalog();
        }
        cache.invalidate(Boolean.TRUE);
        return cache.get(Boolean.TRUE).catalog();
    }

    private record Fetched<T>(T catalog, long at) {}
}
