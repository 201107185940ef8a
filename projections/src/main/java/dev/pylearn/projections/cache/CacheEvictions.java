package dev.pylearn.projections.cache;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

/**
 * Evicts cached reads once the events that change them are committed, so the next read rebuilds
 * them from the new rows. Call it after pushing a read-your-writes update: Axon runs after-commit
 * callbacks in reverse order of registration, so the eviction runs first and a caller that was told
 * "done" never meets a stale entry.
 * A cache that fails to evict (Redis away) is ignored: the entry expires with its TTL.
 */
@Component
public class CacheEvictions {

    public static final String CATALOG = "catalog";
    public static final String USER = "user";
    public static final String LEADERBOARDS = "leaderboards";

    private final CacheManager caches;

    CacheEvictions(CacheManager caches) {
        this.caches = caches;
    }

    /**
     * Evicts nothing: for a new version of a read model being built beside the serving one, whose
     * rows nobody reads (and caches nothing) until it is switched in.
     */
    public static CacheEvictions disabled() {
        return new CacheEvictions(new org.springframework.cache.support.NoOpCacheManager());
    }

    public void evictAfterCommit(String cacheName, String... keys) {
        afterCommit(() -> {
            Cache cache = caches.getCache(cacheName);
            if (cache != null) {
                for (String key : keys) {
                    cache.evict(key);
                }
            }
        });
    }

    public void clearAfterCommit(String cacheName) {
        // once per committed batch, however many of its events ask for it
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
            CurrentUnitOfWork.get().afterCommit(unit -> safe.run());
        } else {
            safe.run();
        }
    }
}
