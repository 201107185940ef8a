package dev.pylearn.projections.leaderboard;

import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.leaderboard.LeaderboardKeys;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.DefaultTypedTuple;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Redis side of the leaderboards. Writes that fail (Redis away) mark the sets dirty; the
 * periodic check rebuilds them from PostgreSQL as soon as Redis answers again, and also when
 * Redis lost its data (a restart without persistence), which it notices by comparing sizes.
 * Without {@code PYLEARN_REDIS_URL} it does nothing and the boards are served from PostgreSQL.
 */
@Component
public class RedisLeaderboards {

    private static final Logger log = LoggerFactory.getLogger(RedisLeaderboards.class);

    private final StringRedisTemplate redis;
    private final JdbcClient jdbc;
    private final LeaderboardKeys keys;
    private final Clock clock;
    private final AtomicBoolean dirty = new AtomicBoolean(true);

    @org.springframework.beans.factory.annotation.Autowired
    RedisLeaderboards(ObjectProvider<StringRedisTemplate> redis, JdbcClient jdbc, Clock clock,
                      @Value("${pylearn.redis.url:}") String redisUrl,
                      @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix) {
        this.redis = redisUrl.isBlank() ? null : redis.getIfAvailable();
        this.jdbc = jdbc;
        this.clock = clock;
        this.keys = new LeaderboardKeys(prefix);
    }

    private RedisLeaderboards(JdbcClient jdbc, Clock clock) {
        this.redis = null;
        this.jdbc = jdbc;
        this.clock = clock;
        this.keys = new LeaderboardKeys("");
    }

    /**
     * Writes nothing to Redis: for a new version of the boards being built in PostgreSQL beside the
     * serving one. Once it is switched in, {@link #rebuildFromDatabase()} brings the sets in line.
     */
    public static RedisLeaderboards disabled(JdbcClient jdbc, Clock clock) {
        return new RedisLeaderboards(jdbc, clock);
    }

    /** Replaces the sets with what PostgreSQL holds now (after a rebuild switched tables). */
    public void rebuildFromDatabase() {
        if (redis == null) {
            return;
        }
        try {
            rebuild();
        } catch (RuntimeException e) {
            dirty.set(true);
        }
    }

    /**
     * Sets the learners' XP on the global board and on weekly boards: one ZADD per board, however
     * many learners a batch changed.
     */
    void set(Map<String, Long> global, Map<IsoWeek, Map<String, Long>> weekly) {
        write(() -> {
            if (!global.isEmpty()) {
                redis.opsForZSet().add(keys.global(), tuples(global));
            }
            weekly.forEach((week, xp) -> redis.opsForZSet().add(keys.weekly(week), tuples(xp)));
        });
    }

    private static Set<ZSetOperations.TypedTuple<String>> tuples(Map<String, Long> scores) {
        Set<ZSetOperations.TypedTuple<String>> tuples = new HashSet<>();
        scores.forEach((member, score) -> tuples.add(tuple(member, score)));
        return tuples;
    }

    void clear() {
        write(() -> {
            Set<String> found = new HashSet<>();
            try (var cursor = redis.scan(ScanOptions.scanOptions().match(keys.all()).count(500).build())) {
                cursor.forEachRemaining(found::add);
            }
            if (!found.isEmpty()) {
                redis.delete(found);
            }
        });
    }

    private void write(Runnable operation) {
        if (redis == null) {
            return;
        }
        try {
            operation.run();
        } catch (RuntimeException e) {
            if (dirty.compareAndSet(false, true)) {
                log.warn("Redis refused a leaderboard write ({}); the sets will be rebuilt when it is back",
                        e.getMessage());
            }
        }
    }

    /** Rebuilds the sets when a write failed or Redis lost them; cheap when all is well. */
    @Scheduled(fixedDelayString = "${pylearn.leaderboards.repair-interval:10s}",
            initialDelayString = "${pylearn.leaderboards.repair-interval:10s}")
    public void repairIfNeeded() {
        if (redis == null) {
            return;
        }
        try {
            long stored = jdbc.sql("SELECT count(*) FROM leaderboard_global").query(Long.class).single();
            Long cached = redis.opsForZSet().zCard(keys.global());
            if (dirty.get() || cached == null || cached != stored) {
                rebuild();
            }
        } catch (RuntimeException e) {
            dirty.set(true);
        }
    }

    /** Writes the global board and this week's board from PostgreSQL, replacing the sets atomically. */
    void rebuild() {
        dirty.set(false);
        replace(keys.global(), jdbc.sql("SELECT learner_id, xp FROM leaderboard_global")
                .query((rs, n) -> tuple(rs.getString(1), rs.getLong(2))).list());
        IsoWeek week = IsoWeek.of(clock.instant());
        replace(keys.weekly(week), jdbc.sql("SELECT learner_id, xp FROM leaderboard_weekly WHERE week = ?")
                .param(week.value()).query((rs, n) -> tuple(rs.getString(1), rs.getLong(2))).list());
        log.info("Leaderboards rebuilt in Redis from PostgreSQL");
    }

    private void replace(String key, List<ZSetOperations.TypedTuple<String>> entries) {
        String staging = key + ":rebuild";
        redis.delete(staging);
        for (int from = 0; from < entries.size(); from += 1000) {
            redis.opsForZSet().add(staging, new HashSet<>(entries.subList(from, Math.min(entries.size(), from + 1000))));
        }
        if (entries.isEmpty()) {
            redis.delete(key);
        } else {
            redis.rename(staging, key);
        }
    }

    private static ZSetOperations.TypedTuple<String> tuple(String member, long score) {
        return new DefaultTypedTuple<>(member, (double) score);
    }
}
