package dev.pylearn.infra.cache;

import dev.pylearn.api.names.CacheNames;
import java.time.Duration;
import java.util.Map;
import dev.pylearn.projections.support.ReadModelPush;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.Cache;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.cache.interceptor.LoggingCacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The shared cache, with the TTL classes of the plan: catalog 30 min, user data 5 min, leaderboards
 * 2 min. Redis when {@code PYLEARN_REDIS_URL} is set (every node sees the same entries and the same
 * evictions), with a near cache in each node in front of it; otherwise Caffeine in-process. Projections evict entries when the events that change
 * them are applied; the TTL is the backstop. An eviction leaves a tombstone so that a read which
 * loaded before the write cannot put its stale value back (see {@link Tombstones}). A cache that fails (Redis away) is logged and read as a
 * miss, so requests go to PostgreSQL instead of failing. Hits and misses are recorded as metrics
 * ({@code cache.gets}).
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class CacheConfiguration implements CachingConfigurer {

    static final String REDIS_CONFIGURED = "'${pylearn.redis.url:}' != ''";

    private final Map<String, Duration> ttls;
    private final Duration tombstoneTtl;

    CacheConfiguration(@Value("${pylearn.cache.catalog-ttl:30m}") Duration catalog,
                       @Value("${pylearn.cache.user-ttl:5m}") Duration user,
                       @Value("${pylearn.cache.leaderboard-ttl:2m}") Duration leaderboards,
                       @Value("${pylearn.cache.tombstone-ttl:5s}") Duration tombstoneTtl) {
        this.ttls = Map.of(CacheNames.CATALOG, catalog, CacheNames.USER, user, CacheNames.LEADERBOARDS, leaderboards);
        this.tombstoneTtl = tombstoneTtl;
    }

    /**
     * Redis behind a near cache in each node ({@link NearCacheManager}): most reads never leave the
     * node, and evictions reach every node's level through {@link ReadModelPush}.
     */
    @Bean
    @ConditionalOnExpression(REDIS_CONFIGURED)
    NearCacheManager redisCacheManager(RedisConnectionFactory redis,
                                       @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix,
                                       @Value("${pylearn.cache.near-ttl:1m}") Duration nearTtl,
                                       @Value("${pylearn.cache.near-size:100000}") long nearSize,
                                       ObjectProvider<ReadModelPush> push) {
        // values are JSON text (see the callers): readable in redis-cli, no Java serialization
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .prefixCacheNameWith(prefix)
                .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(RedisSerializer.string()));
        // immediate writes: Spring Data Redis 4 otherwise sends puts and evictions on Lettuce without
        // waiting, so an eviction could land after the read it was meant to precede (and a tombstone
        // after the late put it was meant to stop)
        RedisCacheWriter writer = RedisCacheWriter.create(redis,
                configurer -> configurer.collectStatistics().immediateWrites());
        RedisCacheManager shared = Tombstones.redis(writer, redis, defaults, ttls, tombstoneTtl);
        // not a bean of its own: its caches are made here, so that their names are known (the metrics bind them)
        shared.afterPropertiesSet();
        return new NearCacheManager(shared, ttls, nearTtl, nearSize, push);
    }

    @Bean
    CacheMeterBinderProvider<?> nearCacheMeterBinders() {
        return NearCacheManager.meterBinders();
    }

    @Bean
    @ConditionalOnExpression("!(" + REDIS_CONFIGURED + ")")
    CacheManager inProcessCacheManager() {
        return Tombstones.inProcess(ttls, tombstoneTtl);
    }

    /**
     * Without Redis each node's cache is its own: another node's evictions reach it as they reach a
     * near cache (the in-process cache leaves its tombstone).
     */
    @Bean
    @ConditionalOnExpression("!(" + REDIS_CONFIGURED + ")")
    ReadModelPush.LocalCaches inProcessInvalidations(CacheManager inProcessCacheManager) {
        return new ReadModelPush.LocalCaches() {
            @Override
            public void evictLocally(String cache, String key) {
                Cache local = inProcessCacheManager.getCache(cache);
                if (local != null) {
                    local.evict(key);
                }
            }

            @Override
            public void clearLocally(String cache) {
                Cache local = inProcessCacheManager.getCache(cache);
                if (local != null) {
                    local.clear();
                }
            }

            @Override
            public void clearAllLocally() {
                inProcessCacheManager.getCacheNames().forEach(this::clearLocally);
            }
        };
    }

    @Override
    public CacheErrorHandler errorHandler() {
        return new LoggingCacheErrorHandler(false);
    }
}
