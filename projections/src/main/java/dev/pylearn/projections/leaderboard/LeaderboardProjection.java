package dev.pylearn.projections.leaderboard;

import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.projections.cache.CacheEvictions;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.pylearn.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the leaderboards: all-time XP and XP per ISO week (UTC), in PostgreSQL (guarded by the
 * learner's sequence number, so replays are exact) and, after each commit, in Redis sorted sets
 * with the values PostgreSQL now holds (so a redelivered event cannot add twice). When Redis
 * refuses a write, {@link RedisLeaderboards} rebuilds the sets from PostgreSQL once it is back.
 */
@Component
@ReadModel(tables = {"leaderboard_global", "leaderboard_weekly"}, caches = {CacheEvictions.LEADERBOARDS})
@ProcessingGroup(LeaderboardProjection.GROUP)
class LeaderboardProjection {

    static final String GROUP = "leaderboards";

    private final JdbcClient jdbc;
    private final RedisLeaderboards redis;
    private final CacheEvictions evictions;

    LeaderboardProjection(JdbcClient jdbc, RedisLeaderboards redis, CacheEvictions evictions) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.evictions = evictions;
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        jdbc.sql("INSERT INTO leaderboard_global (learner_id, xp, version) VALUES (?, 0, ?) ON CONFLICT DO NOTHING")
                .params(event.learnerId(), version)
                .update();
        pending().global().put(event.learnerId(), 0L);
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        jdbc.sql("UPDATE leaderboard_global SET xp = ?, version = ? WHERE learner_id = ? AND version < ?")
                .params(event.totalXp(), version, event.learnerId(), version)
                .update();
        IsoWeek week = IsoWeek.of(event.awardedAt());
        Long weekly = jdbc.sql("""
                        INSERT INTO leaderboard_weekly (week, learner_id, xp, version) VALUES (?, ?, ?, ?)
                        ON CONFLICT (week, learner_id) DO UPDATE SET xp = leaderboard_weekly.xp + excluded.xp,
                            version = excluded.version
                        WHERE leaderboard_weekly.version < excluded.version
                        RETURNING xp""")
                .params(week.value(), event.learnerId(), event.amount(), version)
                .query(Long.class)
                .optional()
                .orElse(null);
        Writes writes = pending();
        writes.global().put(event.learnerId(), event.totalXp());
        if (weekly != null) {
            writes.weekly().put(new WeeklyKey(week, event.learnerId()), weekly);
        }
        // cached board pages go once the batch is committed, so a learner sees their own new XP
        evictions.clearAfterCommit(CacheEvictions.LEADERBOARDS);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE leaderboard_global, leaderboard_weekly").update();
        redis.clear();
        evictions.clearAfterCommit(CacheEvictions.LEADERBOARDS);
    }

    private record WeeklyKey(IsoWeek week, String learnerId) {
    }

    /** The latest values of a batch, written to Redis once it is committed. */
    private record Writes(Map<String, Long> global, Map<WeeklyKey, Long> weekly) {
    }

    /**
     * The batch's pending Redis writes. Collected rather than written one by one, because Axon runs
     * after-commit callbacks in reverse order: per-event writes would leave the oldest value.
     */
    private Writes pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Writes(new FlushOnPut<>(this::flushGlobal), new FlushOnPut<>(this::flushWeekly));
        }
        return CurrentUnitOfWork.get().getOrComputeResource("leaderboard-writes", key -> {
            Writes writes = new Writes(new LinkedHashMap<>(), new LinkedHashMap<>());
            CurrentUnitOfWork.get().afterCommit(unit -> {
                writes.global().forEach(this::flushGlobal);
                writes.weekly().forEach(this::flushWeekly);
            });
            return writes;
        });
    }

    private void flushGlobal(String learnerId, Long xp) {
        redis.setGlobal(learnerId, xp);
    }

    private void flushWeekly(WeeklyKey key, Long xp) {
        redis.setWeekly(key.week(), key.learnerId(), xp);
    }

    /** Outside a unit of work (tests, tools) writes go straight through. */
    private static final class FlushOnPut<K> extends LinkedHashMap<K, Long> {
        private final java.util.function.BiConsumer<K, Long> flush;

        FlushOnPut(java.util.function.BiConsumer<K, Long> flush) {
            this.flush = flush;
        }

        @Override
        public Long put(K key, Long value) {
            flush.accept(key, value);
            return null;
        }
    }
}
