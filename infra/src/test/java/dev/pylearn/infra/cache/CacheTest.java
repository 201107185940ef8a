package dev.pylearn.infra.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.PlatformTest;
import dev.pylearn.infra.support.TestServices;
import dev.pylearn.query.cache.CachedReads;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads are cached in Redis behind each node's near cache, counted as hits and misses, and never stale
 * after the caller's own write.
 */
class CacheTest extends PlatformTest {

    @Autowired
    CacheManager caches;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    CachedReads reads;

    @Autowired
    StringRedisTemplate redis;


    @Test
    void theCacheIsRedisBehindANearCacheHereAndCountsHitsAndMisses() {
        assertThat(caches).isInstanceOf(NearCacheManager.class);
        // a first read misses and caches, a second hits. Registering evicts the profile (a tombstone, which
        // the first read replaces), and content landing (the catalog import of a fresh start) clears the
        // user cache, leaving a marker for a few seconds in which nothing is cached (see Tombstones). Each
        // try takes a new learner and starts once the marker is gone; a clear can still land in between.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Learner learner = register();
            String prefix = TestServices.redisKeyPrefix();
            await().atMost(Duration.ofSeconds(15)).until(() -> !redis.hasKey(prefix + "user:cleared"));
            double hits = count("user", "hit");
            double misses = count("user", "miss");
            api.get("/api/me", learner.token());
            api.get("/api/me", learner.token());
            assertThat(count("user", "miss") - misses).isEqualTo(1);
            assertThat(count("user", "hit") - hits).isEqualTo(1);
        });
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

    @Test
    void aReadThatLoadedBeforeAWriteCannotPutItsStaleValueBack() {
        Cache user = caches.getCache("user");
        String key = "profile:race-" + UUID.randomUUID();
        assertThat(user.get(key)).isNull(); // a read misses and loads the row as it was
        user.evict(key); // a write commits and evicts the key
        user.put(key, "{\"xp\":0}"); // the read, late, puts what it loaded before the write
        assertThat(user.get(key)).as("the stale value must not be served").isNull();
        assertThat(reads.user(key, () -> "{\"xp\":10}")).isEqualTo("{\"xp\":10}"); // read again: fresh

        // once the tombstone has expired, values are cached again
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            reads.user(key, () -> "{\"xp\":10}");
            Cache.ValueWrapper cached = user.get(key);
            return cached != null && "{\"xp\":10}".equals(cached.get());
        });
    }

    /**
     * However slow the read: on a box saturated by a rebuild a read took longer than tombstones used to
     * live (5 s), and its late put then stayed until the learner's next write.
     */
    @Test
    void aReadSlowerThanTheTombstonesOldLifeStillCannotPutItsStaleValueBack() throws Exception {
        Cache user = caches.getCache("user");
        String key = "profile:slow-" + UUID.randomUUID();
        assertThat(user.get(key)).isNull();
        user.evict(key);
        Thread.sleep(6_000); // pylearn.cache.tombstone-ttl is 5 s
        user.put(key, "{\"xp\":0}");
        assertThat(user.get(key)).as("the stale value must not be served").isNull();
        assertThat(redis.opsForValue().get(TestServices.redisKeyPrefix() + "user::" + key))
                .as("nor be in Redis for the other nodes").startsWith(Tombstones.TOMBSTONE);
        assertThat(reads.user(key, () -> "{\"xp\":10}")).isEqualTo("{\"xp\":10}");
        assertThat(reads.user(key, () -> "{\"xp\":-1}")).as("cached again at once").isEqualTo("{\"xp\":10}");
    }

    /**
     * A read that loaded before a write, slower than a read that loaded after it: its late put must not
     * replace the fresher value in the node's own level either (ProjectionBenchmark saw the node serve
     * such old profiles and dashboards until the learner's next write while Redis held the fresh ones).
     */
    @Test
    void aSlowReadCannotPutItsOldValueOverAFresherReadsInTheNodesLevel() throws Exception {
        Cache user = caches.getCache("user");
        String key = "dashboard:overtaken-" + UUID.randomUUID();
        java.util.concurrent.ExecutorService slow = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.ExecutorService fast = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            assertThat(slow.submit(() -> user.get(key)).get()).isNull(); // misses, loads the row before the write
            user.evict(key); // the write commits and evicts
            fast.submit(() -> {
                assertThat(user.get(key)).isNull(); // misses after the write, loads the new row
                user.put(key, "{\"xp\":10}");
            }).get();
            slow.submit(() -> user.put(key, "{\"xp\":0}")).get(); // the slow read's late put
            assertThat(user.get(key)).isNotNull().extracting(Cache.ValueWrapper::get).isEqualTo("{\"xp\":10}");
            assertThat(redis.opsForValue().get(TestServices.redisKeyPrefix() + "user::" + key)).isEqualTo("{\"xp\":10}");
        } finally {
            slow.shutdownNow();
            fast.shutdownNow();
        }
    }

    @Test
    void aBoardPageLoadedBeforeXpLandedIsNotPutBackAfterTheBoardsWereCleared() {
        Cache boards = caches.getCache("leaderboards");
        String key = "board:race-" + UUID.randomUUID();
        assertThat(boards.get(key)).isNull(); // a read misses and loads the page as it was
        boards.clear(); // XP lands: every cached page goes
        boards.put(key, "{\"entries\":[]}"); // the read, late, puts the page it loaded before
        assertThat(boards.get(key)).as("the stale page must not be served").isNull();

        // a moment later pages are cached again (a read: a miss, then its put)
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            boards.get(key);
            boards.put(key, "{\"entries\":[1]}");
            return boards.get(key) != null;
        });
    }

    @Test
    void evictionsAndClearsInAnyInterleavingNeverLeaveALatePutBehind() throws Exception {
        Cache user = caches.getCache("user");
        AtomicBoolean done = new AtomicBoolean();
        Thread clears = new Thread(() -> { // content landing, again and again
            while (!done.get()) {
                user.clear();
                Thread.onSpinWait();
            }
        });
        clears.start();
        int stale = 0;
        try {
            for (int i = 0; i < 1000; i++) {
                String key = "profile:interleaving-" + UUID.randomUUID();
                user.get(key); // a read misses and loads
                user.evict(key); // a write commits
                user.put(key, "{\"xp\":0}"); // the read puts what it loaded before the write
                if (user.get(key) != null) {
                    stale++;
                }
            }
        } finally {
            done.set(true);
            clears.join();
        }
        assertThat(stale).as("late puts served after an eviction").isZero();
    }

    @Test
    void aValueReadOnceIsServedByTheNodeItselfUntilItIsEvicted() {
        Cache user = caches.getCache("user");
        String key = "profile:near-" + UUID.randomUUID();
        assertThat(reads.user(key, () -> "{\"xp\":1}")).isEqualTo("{\"xp\":1}");
        // gone from Redis behind the node's back: the node still has it, without asking Redis
        redis.delete(TestServices.redisKeyPrefix() + "user::" + key);
        double near = metrics.find("cache.near.hits").tag("cache", "user").functionCounter().count();
        assertThat(reads.user(key, () -> "{\"xp\":2}")).isEqualTo("{\"xp\":1}");
        assertThat(metrics.find("cache.near.hits").tag("cache", "user").functionCounter().count() - near).isEqualTo(1);
        // an eviction reaches both levels
        user.evict(key);
        assertThat(reads.user(key, () -> "{\"xp\":3}")).isEqualTo("{\"xp\":3}");
    }

    private double count(String cache, String result) {
        FunctionCounter counter = metrics.find("cache.gets").tag("cache", cache).tag("result", result)
                .functionCounter();
        assertThat(counter).as("cache.gets{cache=%s,result=%s}", cache, result).isNotNull();
        return counter.count();
    }
}
