package dev.pylearn.infra.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

/**
 * The in-process cache (no Redis configured): a read's late put never undoes a write's eviction, however
 * late it comes, and the first read that began after the eviction is cached again. (The same rules on
 * Redis behind the near cache: CacheTest.)
 */
class TombstonesTest {

    final Cache user = Tombstones.inProcess(Map.of("user", Duration.ofMinutes(5)), Duration.ofMillis(50))
            .getCache("user");

    @Test
    void aReadThatLoadedBeforeAnEvictionNeverPutsItsValueBackHoweverLateItComes() throws Exception {
        assertThat(user.get("profile:ann")).isNull(); // a read misses and loads the row as it was
        user.evict("profile:ann"); // a write commits and evicts
        Thread.sleep(200); // the read is slow (a saturated machine): longer than tombstones used to live
        user.put("profile:ann", "{\"xp\":0}"); // its late put
        assertThat(user.get("profile:ann")).as("the stale value must not be served").isNull();

        user.put("profile:ann", "{\"xp\":10}"); // the read that just missed, after the eviction, puts
        assertThat(user.get("profile:ann").get()).isEqualTo("{\"xp\":10}");
    }

    @Test
    void twoReadsAfterAnEvictionCacheTheFirstOnesValueAndTheOtherFindsItThere() {
        user.evict("profile:bob");
        assertThat(user.get("profile:bob")).isNull();
        user.put("profile:bob", "{\"xp\":5}");
        assertThat(user.get("profile:bob").get()).isEqualTo("{\"xp\":5}");
        user.put("profile:bob", "{\"xp\":4}"); // a put without a miss before it: only where there is nothing
        assertThat(user.get("profile:bob").get()).isEqualTo("{\"xp\":5}");
    }

    @Test
    void aReadThatLoadedBeforeTheCacheWasClearedDoesNotPutItsValue() {
        assertThat(user.get("profile:cid")).isNull();
        user.clear();
        user.put("profile:cid", "{\"xp\":0}");
        assertThat(user.get("profile:cid")).isNull();
    }
}
