package dev.pylearn.infra.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.cache.RedisCacheManager;

/** Reads are cached in Redis, counted as hits and misses, and never stale after the caller's own write. */
class CacheTest extends PlatformTest {

    @Autowired
    CacheManager caches;

    @Autowired
    MeterRegistry metrics;

    @Test
    void theCacheIsRedisHereAndCountsHitsAndMisses() {
        assertThat(caches).isInstanceOf(RedisCacheManager.class);
        Learner learner = register();
        double hits = count("user", "hit");
        double misses = count("user", "miss");
        api.get("/api/me", learner.token());
        api.get("/api/me", learner.token());
        assertThat(count("user", "miss") - misses).isEqualTo(1);
        assertThat(count("user", "hit") - hits).isEqualTo(1);
    }

    @Test
    void aCachedDashboardIsEvictedByTheCallersOwnWrite() {
        Learner learner = register();
        long before = api.get("/api/me/dashboard", learner.token()).json().get("xp").asLong();
        api.get("/api/me/dashboard", learner.token()); // now cached
        String lesson = lessonsOf("python-basics").get(0);
        int earned = api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).json()
                .get("xpAwarded").asInt();
        long after = api.get("/api/me/dashboard", learner.token()).json().get("xp").asLong();
        assertThat(after).isEqualTo(before + earned);
    }

    private double count(String cache, String result) {
        FunctionCounter counter = metrics.find("cache.gets").tag("cache", cache).tag("result", result)
                .functionCounter();
        assertThat(counter).as("cache.gets{cache=%s,result=%s}", cache, result).isNotNull();
        return counter.count();
    }
}
