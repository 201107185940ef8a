package dev.pylearn.infra.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.data.redis.cache.CacheStatistics;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Caches whose evictions cannot be undone by a read that was already under way.
 *
 * <p>A read-through cache with evict-on-write has a race: a read misses, loads the row, the write
 * commits and evicts, then the read puts the row it loaded before the write, and that stale entry
 * is served until its TTL. Here an eviction writes a tombstone of its own (no two alike), a read
 * treats a tombstone as a miss and remembers what its miss found (nothing, or that tombstone), and its
 * put goes in only if the key still holds exactly that: a write's eviction in between changed it, so
 * the late put is dropped, while the first read that began after the eviction replaces the tombstone
 * with what it loaded (evictions run once the write has committed). Tombstones live as long as values.
 * <p>
 * Until 2026-11-28 a tombstone lived 5 s and blocked every put meanwhile: on a box saturated by a
 * blue-green rebuild a read took longer than that, its late put found the tombstone gone, and
 * {@code ProjectionBenchmark} saw profiles stale for up to 13 s (119 and 696 reads in two runs).
 * <p>
 * A whole cache cleared leaves a marker for {@code tombstoneTtl} instead (see the Redis cache's clear).
 */
final class Tombstones {

    /** How an evicted key's value begins; never a JSON text, so never a cached value. */
    static final String TOMBSTONE = "\u0000evicted";

    private Tombstones() {
    }

    static boolean isTombstone(Object value) {
        return value instanceof String text && text.startsWith(TOMBSTONE);
    }

    /** A tombstone unlike any other, so a put can tell this eviction's from a later one's. */
    static String newTombstone() {
        return TOMBSTONE + ":" + UUID.randomUUID();
    }

    /**
     * What this thread's last miss of a cache found under its key (null: nothing; else a tombstone), and
     * when: the put that follows the miss (Spring's {@code @Cacheable} on the same thread) is guarded by it.
     */
    private record Miss(Object key, String found, long at) {
    }

    /**
     * Redis: values and tombstones expire after their cache's TTL; a put is one script (compare with what
     * the miss found, then set), run on {@code redis}.
     */
    static RedisCacheManager redis(RedisCacheWriter writer, RedisConnectionFactory redis, RedisCacheConfiguration defaults,
                                   Map<String, Duration> ttls, Duration tombstoneTtl) {
        Map<String, RedisCacheConfiguration> configurations = new java.util.HashMap<>();
        ttls.forEach((name, ttl) -> configurations.put(name, defaults.entryTtl(ttl)));
        return new RedisCacheManager(writer, defaults, true, configurations) {
            @Override
            protected RedisCache createRedisCache(String name, RedisCacheConfiguration configuration) {
                return new GuardedRedisCache(name, getCacheWriter(), redis, configuration, tombstoneTtl);
            }
        };
    }

    /** In-process: the same rules on Caffeine. */
    static CaffeineCacheManager inProcess(Map<String, Duration> ttls, Duration tombstoneTtl) {
        CaffeineCacheManager manager = new CaffeineCacheManager() {
            @Override
            protected Cache adaptCaffeineCache(String name, com.github.benmanes.caffeine.cache.Cache<Object, Object> cache) {
                return new GuardedCaffeineCache(name, cache, tombstoneTtl);
            }
        };
        ttls.forEach((name, ttl) -> manager.registerCustomCache(name, Caffeine.newBuilder()
                .expireAfter(expiry(ttl, ttl, Tombstones::isTombstone)).maximumSize(100_000).recordStats().build()));
        return manager;
    }

    /** Values live {@code ttl}, tombstones {@code tombstoneTtl}; reading an entry does not extend it. */
    static Expiry<Object, Object> expiry(Duration ttl, Duration tombstoneTtl,
                                         java.util.function.Predicate<Object> tombstone) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(Object key, Object value, long now) {
                return (tombstone.test(value) ? tombstoneTtl : ttl).toNanos();
            }

            @Override
            public long expireAfterUpdate(Object key, Object value, long now, long currentDuration) {
                return expireAfterCreate(key, value, now);
            }

            @Override
            public long expireAfterRead(Object key, Object value, long now, long currentDuration) {
                return currentDuration;
            }
        };
    }

    private static final class GuardedRedisCache extends RedisCache {

        /** What the guard decided, key by key (DEBUG): how a stale entry got in can be read back from it. */
        private static final org.slf4j.Logger trace = org.slf4j.LoggerFactory.getLogger(Tombstones.class);

        /** Tombstones read: Redis counted them as hits, they are misses. */
        private final AtomicLong tombstonesRead = new AtomicLong();
        /** Reads of the cleared marker, which Redis counted as cache gets. */
        private final AtomicLong markerHits = new AtomicLong();
        private final AtomicLong markerMisses = new AtomicLong();
        /** Puts made by the compare-and-set script, which the cache writer does not count. */
        private final AtomicLong guardedPuts = new AtomicLong();
        private final Duration tombstoneTtl;
        private final RedisConnectionFactory redis;
        private final ThreadLocal<Miss> missed = new ThreadLocal<>();
        /** {@code <prefix><name>:cleared}: outside the cache's own keys ({@code <prefix><name>::*}), so clearing keeps it. */
        private final byte[] clearedMarker;

        GuardedRedisCache(String name, RedisCacheWriter writer, RedisConnectionFactory redis,
                          RedisCacheConfiguration configuration, Duration tombstoneTtl) {
            super(name, writer, configuration);
            this.redis = redis;
            this.tombstoneTtl = tombstoneTtl;
            String prefix = configuration.getKeyPrefixFor(name); // <prefix><name>::
            this.clearedMarker = serializeCacheKey(prefix.substring(0, prefix.length() - 1) + "cleared");
        }

        /**
         * A whole cache cleared leaves no tombstones: a marker says it was cleared a moment ago, and
         * a read that puts an entry then looks for it and takes its entry back (it may have loaded
         * before the write that cleared). Marker set before the entries go, so a put in between is
         * either cleared or sees it.
         */
        @Override
        public void clear() {
            getCacheWriter().put(getName(), clearedMarker, new byte[]{1}, tombstoneTtl);
            super.clear();
        }

        private boolean clearedRecently() {
            boolean cleared = getCacheWriter().get(getName(), clearedMarker) != null;
            (cleared ? markerHits : markerMisses).incrementAndGet();
            return cleared;
        }

        @Override
        protected Object lookup(Object key) {
            Object value = super.lookup(key);
            if (isTombstone(value)) {
                tombstonesRead.incrementAndGet();
                missed.set(new Miss(key, (String) value, System.nanoTime()));
                trace.debug("miss {} found {}", key, value);
                return null;
            }
            if (value == null) {
                missed.set(new Miss(key, null, System.nanoTime()));
                trace.debug("miss {} found nothing", key);
            }
            return value;
        }

        @Override
        public CacheStatistics getStatistics() {
            CacheStatistics counted = super.getStatistics();
            long tombstones = tombstonesRead.get();
            long markersFound = markerHits.get();
            long markersMissing = markerMisses.get();
            long markerChecks = markersFound + markersMissing;
            return new CacheStatistics() {
                @Override
                public String getCacheName() {
                    return counted.getCacheName();
                }

                @Override
                public long getPuts() {
                    return counted.getPuts() + guardedPuts.get();
                }

                @Override
                public long getGets() {
                    return counted.getGets() - markerChecks;
                }

                @Override
                public long getHits() {
                    return counted.getHits() - tombstones - markersFound;
                }

                @Override
                public long getMisses() {
                    return counted.getMisses() + tombstones - markersMissing;
                }

                @Override
                public long getDeletes() {
                    return counted.getDeletes();
                }

                @Override
                public long getLockWaitDuration(TimeUnit unit) {
                    return counted.getLockWaitDuration(unit);
                }

                @Override
                public Instant getSince() {
                    return counted.getSince();
                }

                @Override
                public Instant getLastReset() {
                    return counted.getLastReset();
                }
            };
        }

        /**
         * A read's value goes in only where the key still holds what its miss found (see the class
         * comment); a put without a miss before it only where there is nothing.
         */
        @Override
        public void put(Object key, Object value) {
            Miss miss = missed.get();
            missed.remove();
            boolean stored = miss != null && miss.key().equals(key) ? compareAndSet(key, miss.found(), value)
                    : super.putIfAbsent(key, value) == null;
            if (trace.isDebugEnabled()) {
                trace.debug("put {} {} (its miss found {}) stored {}", key, value, miss == null ? "no miss"
                        : miss.key().equals(key) ? miss.found() : "another key " + miss.key(), stored);
            }
            if (stored && clearedRecently()) {
                super.evict(key);
                trace.debug("put {} taken back: the cache was cleared a moment ago", key);
            }
        }

        private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
                local current = redis.call('GET', KEYS[1])
                if (current == false and ARGV[1] == '') or current == ARGV[1] then
                    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
                    return 1
                end
                return 0""", Long.class);

        private boolean compareAndSet(Object key, String found, Object value) {
            String cacheKey = createCacheKey(key);
            Duration ttl = getCacheConfiguration().getTtlFunction().getTimeToLive(key, value);
            byte[] expected = found == null ? new byte[0] : serializeCacheValue(found);
            Long set;
            try (RedisConnection connection = redis.getConnection()) {
                set = connection.scriptingCommands().eval(COMPARE_AND_SET.getScriptAsString().getBytes(
                                java.nio.charset.StandardCharsets.UTF_8), ReturnType.INTEGER, 1,
                        serializeCacheKey(cacheKey), expected, serializeCacheValue(value),
                        Long.toString(ttl.toMillis()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            boolean stored = set != null && set == 1L;
            if (stored) {
                guardedPuts.incrementAndGet();
            }
            return stored;
        }

        @Override
        public void evict(Object key) {
            String tombstone = newTombstone();
            super.put(key, tombstone);
            trace.debug("evicted {} with {}", key, tombstone);
        }

        @Override
        public boolean evictIfPresent(Object key) {
            evict(key);
            return true;
        }
    }

    /** Caffeine's own statistics count a tombstone read as a hit (in-process mode only). */
    private static final class GuardedCaffeineCache extends CaffeineCache {

        private final long tombstoneNanos;
        /** When the cache was last cleared as a whole (System.nanoTime). */
        private volatile long clearedAt = System.nanoTime() - Long.MAX_VALUE / 2;
        private final ThreadLocal<Miss> missed = new ThreadLocal<>();

        GuardedCaffeineCache(String name, com.github.benmanes.caffeine.cache.Cache<Object, Object> cache,
                             Duration tombstoneTtl) {
            super(name, cache, false);
            this.tombstoneNanos = tombstoneTtl.toNanos();
        }

        @Override
        public void clear() {
            clearedAt = System.nanoTime();
            super.clear();
        }

        @Override
        protected Object lookup(Object key) {
            Object value = super.lookup(key);
            if (value == null || isTombstone(value)) {
                missed.set(new Miss(key, (String) value, System.nanoTime()));
                return null;
            }
            return value;
        }

        /**
         * A read's value goes in only where the key still holds what its miss found, and not if the cache
         * was cleared since; a put without a miss before it only where there is nothing, and not within
         * {@code tombstoneTtl} of a clear.
         */
        @Override
        public void put(Object key, Object value) {
            Miss miss = missed.get();
            missed.remove();
            if (miss != null && miss.key().equals(key)) {
                if (clearedAt - miss.at() < 0) {
                    getNativeCache().asMap().compute(key, (k, current) ->
                            java.util.Objects.equals(current, miss.found()) ? value : current);
                    if (clearedAt - miss.at() >= 0) {
                        getNativeCache().asMap().remove(key, value); // cleared while it went in
                    }
                }
                return;
            }
            if (super.putIfAbsent(key, value) == null && System.nanoTime() - clearedAt < tombstoneNanos) {
                super.evict(key);
            }
        }

        @Override
        public void evict(Object key) {
            super.put(key, newTombstone());
        }

        @Override
        public boolean evictIfPresent(Object key) {
            evict(key);
            return true;
        }
    }
}
