package dev.pylearn.infra.cache;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * The shared cache: Redis when {@code PYLEARN_REDIS_URL} is set (every node sees the same entries
 * and the same evictions), otherwise in-process. Entries are evicted by projections when the
 * events that change them are applied, and expire after their TTL in any case.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class CacheConfiguration {

    static final String REDIS_CONFIGURED = "'${pylearn.redis.url:}' != ''";

    @Bean
    @ConditionalOnExpression(REDIS_CONFIGURED)
    CacheManager redisCacheManager(RedisConnectionFactory redis,
                                   @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix,
                                   @Value("${pylearn.cache.catalog-ttl:30m}") Duration catalogTtl) {
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .prefixCacheNameWith(prefix)
                // values are JSON text (see the callers): readable in redis-cli, no Java serialization
                .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(RedisSerializer.string()))
                .entryTtl(catalogTtl);
        return RedisCacheManager.builder(redis)
                .cacheDefaults(defaults)
                .withCacheConfiguration("catalog", defaults.entryTtl(catalogTtl))
                .build();
    }

    @Bean
    @ConditionalOnExpression("!(" + REDIS_CONFIGURED + ")")
    CacheManager inProcessCacheManager() {
        return new ConcurrentMapCacheManager("catalog");
    }
}
