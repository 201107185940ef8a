package dev.pylearn.query.cache;

import dev.pylearn.api.names.CacheNames;
import java.util.function.Supplier;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Component;

/**
 * The one place reads go through the shared cache, with Spring's {@code @Cacheable} so that the
 * cache's error handler (a failing Redis reads as a miss) and its hit/miss metrics apply. Values
 * are JSON text, which every cache backend stores as it is. Keys: {@code tracks},
 * {@code profile:<learner>}, {@code dashboard:<learner>}, {@code achievements:<learner>},
 * {@code board:<week or all>:<limit>}; the projections evict the ones their events change.
 */
@Component
public class CachedReads {

    /** Cache names and their TTL classes (see the infra cache configuration). */
    public static final String CATALOG = CacheNames.CATALOG;
    public static final String USER = CacheNames.USER;
    public static final String LEADERBOARDS = CacheNames.LEADERBOARDS;

    @Cacheable(cacheNames = CATALOG, key = "#key")
    public String catalog(String key, Supplier<String> load) {
        return load.get();
    }

    @Cacheable(cacheNames = USER, key = "#key", unless = "#result == null")
    public String user(String key, Supplier<String> load) {
        return load.get();
    }

    @Cacheable(cacheNames = LEADERBOARDS, key = "#key")
    public String leaderboard(String key, Supplier<String> load) {
        return load.get();
    }
}
