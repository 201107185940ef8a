package dev.pylearn.infra.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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

/**
 * Caches whose evictions cannot be undone by a read that was already under way.
 *
 * <p>A read-through cache with evict-on-write has a race: a read misses, loads the row, the write
 * commits and evicts, then the read puts the row it loaded before the write, and that stale entry
 * is served until its TTL. Under a saturated CPU (a rebuild at full speed) the benchmark saw it.
 * Here an eviction writes a tombstone that lives a few seconds, reads treat a tombstone as a miss,
 * and reads only ever add an entry where there is none: the late put finds the tombstone and is
 * dropped. For those seconds the key is read from the database, which is what it costs.
 */
final class Tombstones {

    /** What an evicted key holds for a while; never a JSON text, so never a cached value. */
    static final String TOMBSTONE = "\u0000evicted";

    private Tombstones() {
    }

    static boolean isTombstone(Object value) {
        return TOMBSTONE.equals(value);
    }

    /** Redis: tombstones expire after {@code tombstoneTtl}, values after their cache's TTL. */
    static RedisCacheManager redis(RedisCacheWriter writer, RedisCacheConfiguration defaults,
                                   Map<String, Duration> ttls, Duration tombstoneTtl) {
        Map<String, RedisCacheConfiguration> configurations = new java.util.HashMap<>();
        ttls.forEach((name, ttl) -> configurations.put(name, defaults.entryTtl(
                (RedisCacheWriter.TtlFunction) (key, value) -> isTombstone(value) ? tombstoneTtl : ttl)));
        return new RedisCacheManager(writer, defaults, true, configurations) {
            @Override
            protected RedisCache createRedisCache(String name, RedisCacheConfiguration configuration) {
                return new GuardedRedisCache(name, getCacheWriter(), configuration, tombstoneTtl);
            }
        };
    }

    /** In-process: the same rules on Caffeine, with a per-entry expiry for tombstones. */
    static CaffeineCacheManager inProcess(Map<String, Duration> ttls, Duration tombstoneTtl) {
        CaffeineCacheManager manager = new CaffeineCacheManager() {
            @Override
            protected Cache adaptCaffeineCache(String name, com.github.benmanes.caffeine.cache.Cache<Object, Object> cache) {
                return new GuardedCaffeineCache(name, cache, tombstoneTtl);
            }
        };
        ttls.forEach((name, ttl) -> manager.registerCustomCache(name, Caffeine.newBuilder()
                .expireAfter(expiry(ttl, tombstoneTtl, Tombstones::isTombstone)).maximumSize(100_000).recordStats().build()));
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

        /** Tombstones read: Redis counted them as hits, they are misses. */
        private final AtomicLong tombstonesRead = new AtomicLong();
        /** Reads of the cleared marker, which Redis counted as cache gets. */
        private final AtomicLong markerHits = new AtomicLong();
        private final AtomicLong markerMisses = new AtomicLong();
        private final Duration tombstoneTtl;
        /** {@code <prefix><name>:cleared}: outside the cache's own keys ({@code <prefix><name>::*}), so clearing keeps it. */
        private final byte[] clearedMarker;

        GuardedRedisCache(String name, RedisCacheWriter writer, RedisCacheConfiguration configuration,
                          Duration tombstoneTtl) {
            super(name, writer, configuration);
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
                return null;
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
                    return counted.getPuts();
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

        @Override
        public void put(Object key, Object value) {
            if (super.putIfAbsent(key, value) == null && clearedRecently()) {
                super.evict(key);
            }
        }

        @Override
        public void evict(Object key) {
            super.put(key, TOMBSTONE);
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
        /** When the cache was last cleared as a whole (System.nanoTime), see GuardedRedisCache#clear. */
        private volatile long clearedAt = System.nanoTime() - Long.MAX_VALUE / 2;

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
            return isTombstone(value) ? null : value;
        }

        @Override
        public void put(Object key, Object value) {
            if (super.putIfAbsent(key, value) == null && System.nanoTime() - clearedAt < tombstoneNanos) {
                super.evict(key);
            }
        }

        @Override
        public void evict(Object key) {
            super.put(key, TOMBSTONE);
        }

        @Override
        public boolean evictIfPresent(Object key) {
            evict(key);
            return true;
        }
    }
}
