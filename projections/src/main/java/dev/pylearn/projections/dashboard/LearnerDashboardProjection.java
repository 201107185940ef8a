package dev.pylearn.projections.dashboard;

import dev.pylearn.api.names.CacheNames;
import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.learner.ActiveDayRecorded;
import dev.pylearn.api.learner.DisplayNameChanged;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.PremiumCanceled;
import dev.pylearn.api.learner.PremiumStarted;
import dev.pylearn.api.learner.TimezoneChanged;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.api.progress.FindDashboardVersion;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.Batch;
import dev.pylearn.projections.support.LearnerRows;
import dev.pylearn.projections.support.ReadModel;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code learner_dashboard}, one row per learner, which serves the profile and (joined with the
 * catalog) the dashboard. Each batch loads its learners' rows, applies its events in memory and
 * writes the changed rows back (see {@link Batch}). A row remembers the last learner event applied
 * ({@code version}), so redelivered and replayed events change nothing. When the batch commits, each
 * changed learner's new version is pushed to subscribers of {@link FindDashboardVersion}, which is
 * how a command's caller knows its write is readable.
 */
@Component
@ReadModel(tables = {"learner_dashboard"}, caches = {CacheEvictions.USER, CacheEvictions.LEADERBOARDS})
@ProcessingGroup(LearnerDashboardProjection.GROUP)
class LearnerDashboardProjection {

    static final String GROUP = ProcessingGroups.LEARNER_DASHBOARD;

    private static final String COLUMNS = "learner_id, username, display_name, timezone, registered_at, xp, level, "
            + "current_streak, longest_streak, last_active_date, premium, completed_lessons, solved_challenges, version";

    private final JdbcTemplate jdbc;
    private final CacheEvictions evictions;

    LearnerDashboardProjection(JdbcTemplate jdbc, CacheEvictions evictions) {
        this.jdbc = jdbc;
        this.evictions = evictions;
    }

    /** A learner's row as the batch sees it. */
    static final class Dashboard extends LearnerRows.Row {
        String username;
        String displayName;
        String timezone;
        Timestamp registeredAt;
        long xp;
        int level = 1;
        int currentStreak;
        int longestStreak;
        LocalDate lastActiveDate;
        boolean premium;
        List<String> completedLessons = new ArrayList<>();
        List<String> solvedChallenges = new ArrayList<>();

        Dashboard(String learnerId, long version) {
            super(learnerId, version);
        }
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        Dashboard row = new Dashboard(event.learnerId(), version);
        row.username = event.username();
        row.displayName = event.displayName();
        row.timezone = event.timezone();
        row.registeredAt = Timestamp.from(event.registeredAt());
        rows().create(row);
    }

    /** Leaderboard pages show display names (read from this table), so cached pages go too. */
    @EventHandler
    void on(DisplayNameChanged event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.displayName = event.displayName();
            evictions.clearAfterCommit(CacheEvictions.LEADERBOARDS);
        }
    }

    @EventHandler
    void on(TimezoneChanged event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.timezone = event.timezone();
        }
    }

    @EventHandler
    void on(LessonCompleted event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.completedLessons.add(event.lessonId());
        }
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.xp = event.totalXp();
        }
    }

    @EventHandler
    void on(LevelReached event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.level = Math.max(row.level, event.level());
        }
    }

    @EventHandler
    void on(ActiveDayRecorded event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.lastActiveDate = event.localDate();
            row.currentStreak = event.currentStreak();
            row.longestStreak = event.longestStreak();
        }
    }

    @EventHandler
    void on(ChallengeSolved event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.solvedChallenges.add(event.challengeId());
        }
    }

    @EventHandler
    void on(PremiumStarted event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.premium = true;
        }
    }

    @EventHandler
    void on(PremiumCanceled event, @SequenceNumber long version) {
        Dashboard row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.premium = false;
        }
    }

    /**
     * Every other Learner event changes nothing shown here, but the row must still reach every
     * learner version, because read-your-writes waits for it.
     */
    @EventHandler
    void on(DomainEventMessage<?> event) {
        if (Batch.LEARNER.equals(event.getType())) {
            rows().fresh(event.getAggregateIdentifier(), event.getSequenceNumber());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE learner_dashboard");
        evictions.clearAfterCommit(CacheEvictions.USER);
    }

    private LearnerRows<Dashboard> rows() {
        return Batch.changes(this, this::load);
    }

    private LearnerRows<Dashboard> load(List<EventMessage<?>> events) {
        Map<String, Dashboard> loaded = new HashMap<>();
        Batch.selectLearners(jdbc, events, "SELECT " + COLUMNS + " FROM learner_dashboard WHERE learner_id = ANY(?)",
                (ResultSet rs) -> {
                    Dashboard row = new Dashboard(rs.getString("learner_id"), rs.getLong("version"));
                    row.username = rs.getString("username");
                    row.displayName = rs.getString("display_name");
                    row.timezone = rs.getString("timezone");
                    row.registeredAt = rs.getTimestamp("registered_at");
                    row.xp = rs.getLong("xp");
                    row.level = rs.getInt("level");
                    row.currentStreak = rs.getInt("current_streak");
                    row.longestStreak = rs.getInt("longest_streak");
                    row.lastActiveDate = rs.getObject("last_active_date", LocalDate.class);
                    row.premium = rs.getBoolean("premium");
                    row.completedLessons = strings(rs.getArray("completed_lessons"));
                    row.solvedChallenges = strings(rs.getArray("solved_challenges"));
                    loaded.put(row.learnerId, row);
                });
        return new LearnerRows<>(loaded, this::write);
    }

    private void write(List<Dashboard> changed) {
        jdbc.batchUpdate("INSERT INTO learner_dashboard (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (learner_id) DO UPDATE SET display_name = excluded.display_name, "
                        + "timezone = excluded.timezone, xp = excluded.xp, level = excluded.level, "
                        + "current_streak = excluded.current_streak, longest_streak = excluded.longest_streak, "
                        + "last_active_date = excluded.last_active_date, premium = excluded.premium, "
                        + "completed_lessons = excluded.completed_lessons, solved_challenges = excluded.solved_challenges, "
                        + "version = excluded.version",
                changed, changed.size(), (PreparedStatement insert, Dashboard row) -> {
                    Connection connection = insert.getConnection();
                    insert.setString(1, row.learnerId);
                    insert.setString(2, row.username);
                    insert.setString(3, row.displayName);
                    insert.setString(4, row.timezone);
                    insert.setTimestamp(5, row.registeredAt);
                    insert.setLong(6, row.xp);
                    insert.setInt(7, row.level);
                    insert.setInt(8, row.currentStreak);
                    insert.setInt(9, row.longestStreak);
                    insert.setObject(10, row.lastActiveDate);
                    insert.setBoolean(11, row.premium);
                    insert.setArray(12, connection.createArrayOf("text", row.completedLessons.toArray()));
                    insert.setArray(13, connection.createArrayOf("text", row.solvedChallenges.toArray()));
                    insert.setLong(14, row.version);
                });
        // the evictions run in the commit phase, the pushes after it, on every node: a caller told
        // "done" never meets a stale cache entry (see ReadModelPush)
        for (Dashboard row : changed) {
            evictions.pushAfterCommit(new FindDashboardVersion(row.learnerId), row.version);
        }
        for (Dashboard row : changed) {
            evictions.evictAfterCommit(CacheEvictions.USER, CacheNames.profile(row.learnerId), CacheNames.dashboard(row.learnerId));
        }
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    }
}
