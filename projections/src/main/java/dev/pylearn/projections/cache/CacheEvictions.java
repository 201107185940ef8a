package dev.pylearn.projections.cache;

import dev.pylearn.api.names.CacheNames;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.pylearn.projections.support.ReadModelPush;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Evicts cached reads once the events that change them are committed, so the next read rebuilds
 * them from the new rows. Evictions run before the batch's read-your-writes pushes (see
 * {@link #evictAfterCommit}), so a caller that was told
 * "done" never meets a stale entry.
 * An eviction that fails (Redis slow past its command time-out, or away) is tried again twice; one
 * that still fails is counted ({@code pylearn.cache.evictions{outcome=failed}}) and logged, and the
 * entry then lives until its TTL or the key's next eviction. Until 2026-11-29 a failed eviction was
 * dropped silently (one in a run of {@code ProjectionBenchmark} on a saturated box needed a retry).
 * <p>
 * Both reach every node: the batch's evictions and then its pushes travel in one message after the
 * commit ({@link ReadModelPush}), which drops the keys from every node's near cache before it
 * releases the waits of the write that changed them.
 */
@Component
public class CacheEvictions {

    public static final String CATALOG = CacheNames.CATALOG;
    public static final String USER = CacheNames.USER;
    public static final String LEADERBOARDS = CacheNames.LEADERBOARDS;

    private static final Logger log = LoggerFactory.getLogger(CacheEvictions.class);
    /** Attempts of one key's eviction; each waits at most the cache's command time-out. */
    public static final int ATTEMPTS = 3;

    private final CacheManager caches;
    private final ReadModelPush push;
    private final Counter retried;
    private final Counter failed;

    public CacheEvictions(CacheManager caches, ReadModelPush push, MeterRegistry meters) {
        this.caches = caches;
        this.push = push;
        this.retried = Counter.builder("pylearn.cache.evictions").tag("outcome", "retried")
                .description("Cache evictions that failed at first and were tried again").register(meters);
        this.failed = Counter.builder("pylearn.cache.evictions").tag("outcome", "failed")
                .description("Cache evictions that failed every attempt: the entry lives until its TTL")
                .register(meters);
    }

    /**
     * Evicts and pushes nothing: for a new version of a read model being built beside the serving one,
     * whose rows nobody reads (and caches nothing) until it is switched in.
     */
    public static CacheEvictions disabled() {
        return new CacheEvictions(new org.springframework.cache.support.NoOpCacheManager(), ReadModelPush.disabled(),
                new SimpleMeterRegistry());
    }

    /**
     * The read model answers {@code query} with {@code value} once the batch commits: read-your-writes
     * waits on every node hear it then, after the batch's evictions (see {@link ReadModelPush}).
     */
    public void pushAfterCommit(Object query, Object value) {
        push.reached(query, value);
    }

    /**
     * Evicts the keys once the batch commits. Keys of one batch are collected and evicted together,
     * each once (a replay applies hundreds of one learner's events per batch), once the batch's database
     * transaction has committed and before the unit of work's after-commit callbacks, among them the
     * read-your-writes pushes of the batch (see {@link #onceCommitted}).
     */
    public void evictAfterCommit(String cacheName, String... keys) {
        if (!CurrentUnitOfWork.isStarted()) {
            evictNow(Map.of(cacheName, Set.of(keys)));
            return;
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get();
        Map<String, Set<String>> pending = unit.getOrComputeResource("cache-evictions", name -> {
            Map<String, Set<String>> keysByCache = new LinkedHashMap<>();
            onceCommitted(unit, () -> evictNow(keysByCache));
            return keysByCache;
        });
        pending.computeIfAbsent(cacheName, name -> new LinkedHashSet<>()).addAll(Arrays.asList(keys));
    }

    private void evictNow(Map<String, Set<String>> keysByCache) {
        // the other nodes' near caches hear of these keys with the batch's one message
        ReadModelPush.batched(() -> evictHere(keysByCache));
        push.evicted(keysByCache);
    }

    private void evictHere(Map<String, Set<String>> keysByCache) {
        keysByCache.forEach((cacheName, keys) -> {
            Cache cache = caches.getCache(cacheName);
            if (cache != null) {
                for (String key : keys) {
                    evict(cache, key);
                }
            }
        });
    }

    /** One key, tried again at once when it fails: a time-out under load passes with the next command. */
    private void evict(Cache cache, String key) {
        for (int attempt = 1; ; attempt++) {
            try {
                cache.evict(key);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    failed.increment();
                    log.warn("Could not evict '{}' from cache '{}' in {} attempts ({}); it is served until its TTL or "
                            + "its next eviction", key, cache.getName(), ATTEMPTS, e.toString());
                    return;
                }
                retried.increment();
            }
        }
    }

    public void clearAfterCommit(String cacheName) {
        // once per committed batch, however many of its events ask for it, after its commit (see onceCommitted)
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().putIfAbsent("clear-cache:" + cacheName, Boolean.TRUE) != null) {
            return;
        }
        afterCommit(() -> {
            Cache cache = caches.getCache(cacheName);
            if (cache != null) {
                cache.clear();
            }
        });
    }

    private static void afterCommit(Runnable eviction) {
        Runnable safe = () -> {
            try {
                eviction.run();
            } catch (RuntimeException e) {
                // the cache is unreachable; its entries expire with their TTL
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            onceCommitted(CurrentUnitOfWork.get(), safe);
        } else {
            safe.run();
        }
    }

    /**
     * Runs {@code task} once the unit of work's database transaction has committed, and before the unit's
     * after-commit callbacks (the read-your-writes pushes). The unit commits its attached transaction in
     * its commit phase, but a handler registered there while the batch is processed ran <em>before</em>
     * that commit: measured 2026-11-29, every eviction found the transaction still open, 7 ms before its
     * commit. A read in those milliseconds missed the evicted key, loaded the old row, and put it back
     * (the tombstone it found was the eviction's own), served until the learner's next write: the stale
     * reads {@code ProjectionBenchmark} counted during a rebuild under load. So the task is handed to
     * the transaction's after-commit synchronization, which Spring runs right after the real commit,
     * still inside the unit's commit phase; with no transaction (or one already committed) it runs at
     * once. {@code CacheEvictionsAfterCommitTest} reads the row from another connection at eviction time.
     */
    private static void onceCommitted(UnitOfWork<?> unit, Runnable task) {
        unit.onCommit(committing -> {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        task.run();
                    }
                });
            } else {
                task.run();
            }
        });
    }
}
