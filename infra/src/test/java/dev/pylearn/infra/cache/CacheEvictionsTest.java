package dev.pylearn.infra.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.ReadModelPush;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * An eviction that Redis fails (a command time-out on a saturated box) is not dropped: the entry it
 * should have removed would be served until its TTL or the key's next eviction.
 */
class CacheEvictionsTest {

    /** A cache whose first {@code failures} evictions fail as a Redis time-out would. */
    static final class Flaky extends ConcurrentMapCache {
        final AtomicInteger failures;

        Flaky(String name, int failures) {
            super(name);
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void evict(Object key) {
            if (failures.getAndDecrement() > 0) {
                throw new RedisConnectionFailureException("Redis command timed out after 500 ms");
            }
            super.evict(key);
        }
    }

    final MeterRegistry meters = new SimpleMeterRegistry();

    CacheEvictions evictions(Cache cache) {
        ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager() {
            @Override
            public Cache getCache(String name) {
                return name.equals(cache.getName()) ? cache : null;
            }
        };
        return new CacheEvictions(manager, ReadModelPush.disabled(), meters);
    }

    double count(String outcome) {
        return meters.find("pylearn.cache.evictions").tag("outcome", outcome).counter().count();
    }

    @Test
    void anEvictionThatFailsOnceIsTriedAgainAndTheEntryIsGone() {
        Flaky user = new Flaky("user", 1);
        user.put("profile:ann", "{\"xp\":10}");
        evictions(user).evictAfterCommit("user", "profile:ann", "dashboard:ann");
        assertThat(user.get("profile:ann")).as("no longer served").isNull();
        assertThat(count("retried")).isEqualTo(1);
        assertThat(count("failed")).isZero();
    }

    @Test
    void anEvictionThatKeepsFailingIsCountedAndDoesNotStopTheOthers() {
        Flaky user = new Flaky("user", CacheEvictions.ATTEMPTS);
        user.put("profile:bob", "{\"xp\":10}");
        user.put("dashboard:bob", "{\"xp\":10}");
        evictions(user).evictAfterCommit("user", "profile:bob", "dashboard:bob");
        // the keys go in no set order: the first one tried fails three times, the other is still evicted
        assertThat(java.util.stream.Stream.of("profile:bob", "dashboard:bob").filter(key -> user.get(key) != null))
                .as("one key kept by Redis, served until its TTL; the other evicted").hasSize(1);
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("retried")).isEqualTo(CacheEvictions.ATTEMPTS - 1);
    }

    @Test
    void theNodesOwnLevelDropsTheKeyEvenWhenRedisFailsToEvictIt() {
        Flaky redis = new Flaky("user", 1);
        NearCache cache = new NearCache(redis, Duration.ofMinutes(1), 100,
                new StaticListableBeanFactory().getBeanProvider(ReadModelPush.class));
        assertThat(cache.get("profile:cy", () -> "{\"xp\":1}")).isEqualTo("{\"xp\":1}");
        assertThatThrownBy(() -> cache.evict("profile:cy")).isInstanceOf(RedisConnectionFailureException.class);
        redis.evict("profile:cy"); // the caller's second attempt reaches Redis
        assertThat(cache.get("profile:cy", () -> "{\"xp\":2}")).as("loaded again, not the node's old copy")
                .isEqualTo("{\"xp\":2}");
    }
}
