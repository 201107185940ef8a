package dev.pylearn.infra.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pylearn.projections.support.ReadModelPush;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One cache in two levels: Caffeine in this node in front of the shared Redis cache. A hit in the
 * node costs no network round trip; a miss asks Redis, then the database.
 * <p>
 * Evictions reach every node (see {@link ReadModelPush}): a key evicted here is evicted in Redis
 * first, then dropped from this node's level, then the other nodes are told. The same race as in
 * Redis (see {@link Tombstones}: a read that loaded before a write puts its old value after the
 * write's eviction) is closed here as in Redis: a read remembers what this level held for its key
 * when it began (nothing, or an eviction's numbered tombstone) and puts only where the key still holds
 * exactly that; a clear records its number, and a read that began before it puts nothing.
 * <p>
 * Until 2026-11-29 a read put wherever no tombstone newer than its start was found. Once a fresher read
 * had replaced the tombstone with its value, a slower read that had loaded the row before the write
 * put its old value over it, and the node served that until the key's next eviction:
 * {@code ProjectionBenchmark}'s stale profiles and dashboards during a rebuild (Redis held the fresh
 * value: its compare-and-set had refused the same late put).
 */
final class NearCache implements Cache {

    /**
     * What an evicted key holds in this level, as long as a value would: a read that began before it
     * never puts over it, one that began after it does.
     */
    private record Evicted(long number) {
    }

    private final Cache shared;
    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> near;
    private final ObjectProvider<ReadModelPush> push;
    private final AtomicLong invalidations = new AtomicLong();
    private volatile long clearedAt;
    /**
     * The key this thread last missed, the invalidation number then and what this level held for it: the
     * put that follows is guarded by them.
     */
    private final ThreadLocal<Object[]> missed = new ThreadLocal<>();
    final LongAdder nearHits = new LongAdder();
    final LongAdder sharedHits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder puts = new LongAdder();

    NearCache(Cache shared, Duration ttl, long maximumSize, ObjectProvider<ReadModelPush> push) {
        this.shared = shared;
        this.push = push;
        this.near = Caffeine.newBuilder().maximumSize(maximumSize)
                .expireAfter(Tombstones.expiry(ttl, ttl, Evicted.class::isInstance)).build();
    }

    @Override
    public String getName() {
        return shared.getName();
    }

    @Override
    public Object getNativeCache() {
        return shared.getNativeCache();
    }

    @Override
    public ValueWrapper get(Object key) {
        Object here = near.getIfPresent(key);
        if (here != null && !(here instanceof Evicted)) {
            nearHits.increment();
            return new SimpleValueWrapper(here);
        }
        long readFrom = invalidations.get();
        ValueWrapper there = shared.get(key);
        if (there != null) {
            sharedHits.increment();
            keep(key, there.get(), readFrom, here);
            return there;
        }
        misses.increment();
        missed.set(new Object[]{key, readFrom, here});
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Class<T> type) {
        ValueWrapper value = get(key);
        return value == null ? null : (T) value.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        ValueWrapper value = get(key);
        if (value != null) {
            return (T) value.get();
        }
        try {
            T loaded = valueLoader.call();
            put(key, loaded);
            return loaded;
        } catch (Exception e) {
            throw new ValueRetrievalException(key, valueLoader, e);
        }
    }

    /** A value read from the database after a miss: into Redis (its tombstones permitting) and this level. */
    @Override
    public void put(Object key, Object value) {
        Object[] miss = missed.get();
        missed.remove();
        boolean guarded = miss != null && miss[0].equals(key);
        long readFrom = guarded ? (Long) miss[1] : invalidations.get();
        shared.put(key, value);
        puts.increment();
        // a put with no miss before it (not how @Cacheable puts) replaces whatever is there
        keep(key, value, readFrom, guarded ? miss[2] : near.getIfPresent(key));
    }

    /** Into this level only where the key still holds what the read found when it began ({@code seen}). */
    private void keep(Object key, Object value, long readFrom, Object seen) {
        if (value == null || clearedAt > readFrom) {
            return;
        }
        near.asMap().compute(key, (k, current) -> java.util.Objects.equals(current, seen) ? value : current);
        if (clearedAt > readFrom) {
            near.invalidate(key); // cleared while this value went in
        }
    }

    /**
     * Evicted in Redis first, then here, then on the other nodes (with the batch's message inside a batch).
     * Here and on the other nodes even when Redis fails (its failure is still thrown, for the caller to try
     * again): the near levels then no longer serve the old value, whatever Redis still holds.
     */
    @Override
    public void evict(Object key) {
        try {
            shared.evict(key);
        } finally {
            evictLocally(key);
            if (!ReadModelPush.isBatched()) {
                push.ifAvailable(p -> p.publishNow(getName(), key.toString()));
            }
        }
    }

    void evictLocally(Object key) {
        near.put(key, new Evicted(invalidations.incrementAndGet()));
    }

    @Override
    public boolean evictIfPresent(Object key) {
        evict(key);
        return true;
    }

    @Override
    public void clear() {
        shared.clear();
        clearLocally();
        push.ifAvailable(p -> p.publishNow(getName(), null));
    }

    void clearLocally() {
        clearedAt = invalidations.incrementAndGet();
        // values only: a tombstone written meanwhile must stay, or a read that began before it (and
        // after this clear's number) could put its value in the tombstone's place
        near.asMap().values().removeIf(value -> !(value instanceof Evicted));
    }

    @Override
    public boolean invalidate() {
        clear();
        return true;
    }

    long size() {
        return near.estimatedSize();
    }
}
