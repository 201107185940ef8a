package dev.pylearn.infra.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.PlatformTest;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.ReadModelPush;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

/**
 * A key is evicted only once the write that changed it can be read: a read that misses it in
 * between loads the old row and caches it again, and then serves it until the key's next eviction.
 * The batch runs as a pooled processor runs it (a batching unit of work with the platform's
 * transaction attached); at each eviction, another connection asks PostgreSQL whether the batch's
 * transaction has committed.
 */
class CacheEvictionsAfterCommitTest extends PlatformTest {

    @Autowired
    TransactionManager transactions;

    /** Records, per evicted key, what another connection saw of the writing transaction at that moment. */
    final class Watching extends ConcurrentMapCache {
        final Map<Object, String> seenAtEviction = new ConcurrentHashMap<>();
        volatile String transactionId;

        Watching() {
            super("user");
        }

        @Override
        public void evict(Object key) {
            seenAtEviction.put(key, statusOfWriteSeenFromAnotherConnection());
            super.evict(key);
        }

        @Override
        public void clear() {
            seenAtEviction.put("(all)", statusOfWriteSeenFromAnotherConnection());
            super.clear();
        }

        private String statusOfWriteSeenFromAnotherConnection() {
            // another thread holds no transaction: a connection of its own, seeing only what is committed
            return CompletableFuture.supplyAsync(() -> jdbc.sql("select pg_xact_status(cast(? as xid8))")
                    .param(transactionId).query(String.class).single()).join();
        }
    }

    CacheEvictions evictions(Cache cache) {
        return new CacheEvictions(new ConcurrentMapCacheManager() {
            @Override
            public Cache getCache(String name) {
                return name.equals(cache.getName()) ? cache : null;
            }
        }, ReadModelPush.disabled(), registry);
    }

    /** One batch of two events, its handlers writing (here: taking a transaction id) and evicting. */
    void processBatch(Watching cache, Runnable handler) {
        var unit = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("first"),
                GenericEventMessage.asEventMessage("second")));
        unit.attachTransaction(transactions);
        unit.execute(() -> {
            cache.transactionId = jdbc.sql("select cast(pg_current_xact_id() as text)").query(String.class).single();
            handler.run();
        });
    }

    @Test
    void keysAreEvictedOnlyOnceTheBatchsTransactionHasCommitted() {
        Watching cache = new Watching();
        cache.put("profile:ann", "{\"xp\":100}");
        CacheEvictions evictions = evictions(cache);

        processBatch(cache, () -> evictions.evictAfterCommit("user", "profile:ann", "dashboard:ann"));

        assertThat(cache.seenAtEviction).as("what another connection saw of the write when each key went")
                .isEqualTo(Map.of("profile:ann", "committed", "dashboard:ann", "committed"));
        assertThat(cache.get("profile:ann")).isNull();
    }

    @Test
    void aWholeCacheIsClearedOnlyOnceTheBatchsTransactionHasCommitted() {
        Watching cache = new Watching();
        cache.put("profile:bo", "{\"xp\":100}");

        processBatch(cache, () -> evictions(cache).clearAfterCommit("user"));

        assertThat(cache.seenAtEviction).isEqualTo(Map.of("(all)", "committed"));
        assertThat(cache.get("profile:bo")).isNull();
    }

    @Test
    void aBatchThatRollsBackEvictsNothing() {
        Watching cache = new Watching();
        cache.put("profile:cy", "{\"xp\":100}");
        CacheEvictions evictions = evictions(cache);

        try {
            processBatch(cache, () -> {
                evictions.evictAfterCommit("user", "profile:cy");
                throw new IllegalStateException("a handler failed");
            });
        } catch (RuntimeException expected) {
            // the unit of work rolled back and rethrew
        }

        assertThat(cache.seenAtEviction).isEmpty();
        assertThat(cache.get("profile:cy")).as("nothing changed, nothing evicted").isNotNull();
    }
}
