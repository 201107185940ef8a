package dev.pylearn.infra.cache;

import dev.pylearn.projections.support.ReadModelPush;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The caches of a node that shares Redis with others: each a {@link NearCache} over the Redis cache of
 * the same name, the node's level living at most {@code nearTtl} (invalidations are pushed; the TTL
 * bounds what a lost notification can leave behind). Receives the other nodes' invalidations.
 */
final class NearCacheManager implements CacheManager, ReadModelPush.LocalCaches {

    private final CacheManager shared;
    private final Map<String, Duration> ttls;
    private final Duration nearTtl;
    private final long maximumSize;
    private final ObjectProvider<ReadModelPush> push;
    private final Map<String, NearCache> caches = new ConcurrentHashMap<>();

    NearCacheManager(CacheManager shared, Map<String, Duration> ttls, Duration nearTtl,
                     long maximumSize, ObjectProvider<ReadModelPush> push) {
        this.shared = shared;
        this.ttls = ttls;
        this.nearTtl = nearTtl;
        this.maximumSize = maximumSize;
        this.push = push;
    }

    @Override
    public Cache getCache(String name) {
        NearCache cache = caches.get(name);
        if (cache != null) {
            return cache;
        }
        Cache sharedCache = shared.getCache(name);
        if (sharedCache == null) {
            return null;
        }
        Duration ttl = ttls.getOrDefault(name, nearTtl);
        return caches.computeIfAbsent(name, n -> new NearCache(sharedCache,
                ttl.compareTo(nearTtl) < 0 ? ttl : nearTtl, maximumSize, push));
    }

    @Override
    public Collection<String> getCacheNames() {
        return shared.getCacheNames();
    }

    @Override
    public void evictLocally(String cache, String key) {
        NearCache near = caches.get(cache);
        if (near != null) {
            near.evictLocally(key);
        }
    }

    @Override
    public void clearLocally(String cache) {
        NearCache near = caches.get(cache);
        if (near != null) {
            near.clearLocally();
        }
    }

    @Override
    public void clearAllLocally() {
        caches.values().forEach(NearCache::clearLocally);
    }

    /**
     * {@code cache.gets} for the two levels together (a hit in either is a hit; what the load test's
     * ratio reads), and {@code cache.near.hits}: the hits served without leaving the node.
     */
    static CacheMeterBinderProvider<NearCache> meterBinders() {
        return new CacheMeterBinderProvider<>() {
            @Override
            public io.micrometer.core.instrument.binder.MeterBinder getMeterBinder(NearCache cache, Iterable<Tag> tags) {
                return new NearCacheMeterBinder(cache, tags);
            }
        };
    }

    private static final class NearCacheMeterBinder extends CacheMeterBinder<NearCache> {

        NearCacheMeterBinder(NearCache cache, Iterable<Tag> tags) {
            super(cache, cache.getName(), tags);
        }

        @Override
        protected Long size() {
            return getCache().size();
        }

        @Override
        protected long hitCount() {
            return getCache().nearHits.sum() + getCache().sharedHits.sum();
        }

        @Override
        protected Long missCount() {
            return getCache().misses.sum();
        }

        @Override
        protected Long evictionCount() {
            return null;
        }

        @Override
        protected long putCount() {
            return getCache().puts.sum();
        }

        @Override
        protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
            FunctionCounter.builder("cache.near.hits", getCache(), cache -> cache.nearHits.sum())
                    .tags(getTagsWithCacheName())
                    .description("Cache hits served from this node's own level, without asking Redis")
                    .register(registry);
        }
    }

}
