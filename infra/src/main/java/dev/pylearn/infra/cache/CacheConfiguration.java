package dev.pylearn.infra.cache;

import dev.pylearn.api.names.CacheNames;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.cache.interceptor.LoggingCacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The shared cache, with the TTL classes of the plan: catalog 30 min, user data 5 min, leaderboards
 * 2 min. Redis when {@code PYLEARN_REDIS_URL} is set (every node sees the same entries and the same
 * evictions), otherwise Caffeine in-process. Projections evict entries when the events that change
 * them are applied; the TTL is the backstop. An eviction leaves a short-lived tombstone so that a
 * read which loaded before the write cannot put its stale value back (see {@link Tombstones}). A cache that fails (Redis away) is logged and read as a
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

    @Bean
    @ConditionalOnExpression(REDIS_CONFIGURED)
    CacheManager redisCacheManager(RedisConnectionFactory redis,
                                   @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix) {
        // values are JSON text (see the callers): readable in redis-cli, no Java serialization
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .prefixCacheNameWith(prefix)
                .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(RedisSerializer.string()));
        // immediate writes: Spring Data Redis 4 otherwise sends puts and evictions on Lettuce without
        // waiting, so an eviction could land after the read it was meant to precede (and a tombstone
        // after the late put it was meant to stop)
        RedisCacheWriter writer = RedisCacheWriter.create(redis,
                configurer -> configurer.collectStatistics().immediateWrites());
        return Tombstones.redis(writer, defaults, ttls, tombstoneTtl);
    }

    @Bean
    @ConditionalOnExpression("!(" + REDIS_CONFIGURED + ")")
    CacheManager inProcessCacheManager() {
        return Tombstones.inProcess(ttls, tombstoneTtl);
    }

    @Override
    public CacheErrorHandler errorHandler() {
        return new LoggingCacheErrorHandler(false);
    }
}
