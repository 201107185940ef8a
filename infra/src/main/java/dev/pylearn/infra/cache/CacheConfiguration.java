package dev.pylearn.infra.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.cache.interceptor.LoggingCacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The shared cache, with the TTL classes of the plan: catalog 30 min, user data 5 min, leaderboards
 * 2 min. Redis when {@code PYLEARN_REDIS_URL} is set (every node sees the same entries and the same
 * evictions), otherwise Caffeine in-process. Projections evict entries when the events that change
 * them are applied; the TTL is the backstop. A cache that fails (Redis away) is logged and read as a
 * miss, so requests go to PostgreSQL instead of failing. Hits and misses are recorded as metrics
 * ({@code cache.gets}).
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class CacheConfiguration implements CachingConfigurer {

    static final String REDIS_CONFIGURED = "'${pylearn.redis.url:}' != ''";

    private final Map<String, Duration> ttls;

    CacheConfiguration(@Value("${pylearn.cache.catalog-ttl:30m}") Duration catalog,
                       @Value("${pylearn.cache.user-ttl:5m}") Duration user,
                       @Value("${pylearn.cache.leaderboard-ttl:2m}") Duration leaderboards) {
        this.ttls = Map.of("catalog", catalog, "user", user, "leaderboards", leaderboards);
    }

    @Bean
    @ConditionalOnExpression(REDIS_CONFIGURED)
    CacheManager redisCacheManager(RedisConnectionFactory redis,
                                   @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix) {
        // values are JSON text (see the callers): readable in redis-cli, no Java serialization
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .prefixCacheNameWith(prefix)
                .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(RedisSerializer.string()));
        RedisCacheManager.RedisCacheManagerBuilder builder = RedisCacheManager.builder(redis).cacheDefaults(defaults)
                .enableStatistics();
        ttls.forEach((name, ttl) -> builder.withCacheConfiguration(name, defaults.entryTtl(ttl)));
        return builder.build();
    }

    @Bean
    @ConditionalOnExpression("!(" + REDIS_CONFIGURED + ")")
    CacheManager inProcessCacheManager() {
        CaffeineCacheManager manager = new CaffeineCacheManager();
        ttls.forEach((name, ttl) -> manager.registerCustomCache(name,
                Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).recordStats().build()));
        return manager;
    }

    @Override
    public CacheErrorHandler errorHandler() {
        return new LoggingCacheErrorHandler(false);
    }
}
