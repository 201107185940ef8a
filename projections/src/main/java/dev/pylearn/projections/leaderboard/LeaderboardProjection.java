package dev.pylearn.projections.leaderboard;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.Batch;
import dev.pylearn.projections.support.LearnerRows;
import dev.pylearn.projections.support.ReadModel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the leaderboards: all-time XP and XP per ISO week (UTC), in PostgreSQL and, after each
 * commit, in Redis sorted sets with the values PostgreSQL now holds (so a redelivered event cannot
 * add twice). Each batch loads its learners' global rows, applies its events in memory (guarded by
 * the learner's sequence number, so replays are exact) and writes once (see {@link Batch}). When
 * Redis refuses a write, {@link RedisLeaderboards} rebuilds the sets from PostgreSQL once it is back.
 */
@Component
@ReadModel(tables = {"leaderboard_global", "leaderboard_weekly"}, caches = {CacheEvictions.LEADERBOARDS})
@ProcessingGroup(LeaderboardProjection.GROUP)
class LeaderboardProjection {

    static final String GROUP = ProcessingGroups.LEADERBOARDS;

    private final JdbcTemplate jdbc;
    private final RedisLeaderboards redis;
    private final CacheEvictions evictions;

    LeaderboardProjection(JdbcTemplate jdbc, RedisLeaderboards redis, CacheEvictions evictions) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.evictions = evictions;
    }

    /** A learner's all-time XP. */
    static final class Global extends LearnerRows.Row {
        long xp;

        Global(String learnerId, long version) {
            super(learnerId, version);
        }
    }

    private record WeeklyKey(IsoWeek week, String learnerId) {
    }

    /** XP a batch adds to weekly boards, with the version of the last event that added it. */
    private static final class WeeklyGain {
        long xp;
        long version;
    }

    /** One batch's changes: global rows, and XP gained per week and learner. */
    private final class Changes implements Batch.Changes {
        final LearnerRows<Global> global;
        final Map<WeeklyKey, WeeklyGain> weekly = new LinkedHashMap<>();

        Changes(Map<String, Global> loaded) {
            this.global = new LearnerRows<>(loaded, rows -> {
            });
        }

        @Override
        public void flush() {
            if (global.changed().isEmpty()) {
                return;
            }
            List<Global> rows = List.copyOf(global.changed());
            jdbc.batchUpdate("""
                            INSERT INTO leaderboard_global (learner_id, xp, version) VALUES (?, ?, ?)
                            ON CONFLICT (learner_id) DO UPDATE SET xp = excluded.xp, version = excluded.version""",
                    rows, rows.size(), (PreparedStatement insert, Global row) -> {
                        insert.setString(1, row.learnerId);
                        insert.setLong(2, row.xp);
                        insert.setLong(3, row.version);
                    });
            Map<String, Long> globalXp = new LinkedHashMap<>();
            rows.forEach(row -> globalXp.put(row.learnerId, row.xp));
            Map<IsoWeek, Map<String, Long>> weeklyXp = writeWeekly();
            // Redis gets the committed values, once the batch is committed
            CurrentUnitOfWork.get().afterCommit(unit -> redis.set(globalXp, weeklyXp));
            if (!weekly.isEmpty()) {
                // cached board pages go once the batch is committed, so a learner sees their own new XP
                evictions.clearAfterCommit(CacheEvictions.LEADERBOARDS);
            }
        }

        /** Adds the gains in one statement; returns the weekly totals they led to. */
        private Map<IsoWeek, Map<String, Long>> writeWeekly() {
            Map<IsoWeek, Map<String, Long>> totals = new HashMap<>();
            if (weekly.isEmpty()) {
                return totals;
            }
            String[] weeks = weekly.keySet().stream().map(key -> key.week().value()).toArray(String[]::new);
            String[] learners = weekly.keySet().stream().map(WeeklyKey::learnerId).toArray(String[]::new);
            Long[] gains = weekly.values().stream().map(gain -> gain.xp).toArray(Long[]::new);
            Long[] versions = weekly.values().stream().map(gain -> gain.version).toArray(Long[]::new);
            jdbc.query(connection -> {
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO leaderboard_weekly (week, learner_id, xp, version)
                        SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[])
                        ON CONFLICT (week, learner_id) DO UPDATE SET xp = leaderboard_weekly.xp + excluded.xp,
                            version = excluded.version
                        WHERE leaderboard_weekly.version < excluded.version
                        RETURNING week, learner_id, xp""");
                upsert.setArray(1, connection.createArrayOf("varchar", weeks));
                upsert.setArray(2, connection.createArrayOf("varchar", learners));
                upsert.setArray(3, connection.createArrayOf("bigint", gains));
                upsert.setArray(4, connection.createArrayOf("bigint", versions));
                return upsert;
            }, (ResultSet rs) -> {
                totals.computeIfAbsent(IsoWeek.parse(rs.getString(1)), week -> new LinkedHashMap<>())
                        .put(rs.getString(2), rs.getLong(3));
            });
            return totals;
        }
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        changes().global.create(new Global(event.learnerId(), version));
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        Changes changes = changes();
        Global row = changes.global.fresh(event.learnerId(), version);
        if (row == null) {
            return;
        }
        row.xp = event.totalXp();
        WeeklyGain gain = changes.weekly.computeIfAbsent(new WeeklyKey(IsoWeek.of(event.awardedAt()), event.learnerId()),
                key -> new WeeklyGain());
        gain.xp += event.amount();
        gain.version = version;
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE leaderboard_global, leaderboard_weekly");
        redis.clear();
        evictions.clearAfterCommit(CacheEvictions.LEADERBOARDS);
    }

    private Changes changes() {
        return Batch.changes(this, this::load);
    }

    private Changes load(List<EventMessage<?>> events) {
        Map<String, Global> loaded = new HashMap<>();
        Batch.selectLearners(jdbc, events, "SELECT learner_id, xp, version FROM leaderboard_global WHERE learner_id = ANY(?)",
                (ResultSet rs) -> {
                    Global row = new Global(rs.getString(1), rs.getLong(3));
                    row.xp = rs.getLong(2);
                    loaded.put(row.learnerId, row);
                });
        return new Changes(loaded);
    }
}
