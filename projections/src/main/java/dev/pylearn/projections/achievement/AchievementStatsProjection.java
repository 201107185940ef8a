package dev.pylearn.projections.achievement;

import dev.pylearn.api.names.CacheNames;
import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.achievement.AchievementUnlocked;
import dev.pylearn.api.battle.BattleResultRecorded;
import dev.pylearn.api.achievement.FindAchievementProgressVersion;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.learner.ActiveDayRecorded;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.TimezoneChanged;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.Batch;
import dev.pylearn.api.forum.ForumPostCounted;
import dev.pylearn.projections.support.LearnerRows;
import dev.pylearn.projections.support.ReadModel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code achievement_progress}: the per-learner counters every achievement kind is measured
 * by, and what was unlocked when. Batched and guarded by the learner's sequence number like the
 * dashboard (see {@link Batch}), so it replays to the same rows.
 */
@Component
@ReadModel(tables = {"achievement_progress"}, caches = {CacheEvictions.USER})
@ProcessingGroup(AchievementStatsProjection.GROUP)
class AchievementStatsProjection {

    static final String GROUP = ProcessingGroups.ACHIEVEMENT_STATS;

    private static final String COLUMNS = "learner_id, timezone, completed_lessons, challenges_solved, first_try_solves, "
            + "current_streak, last_active_date, level, total_xp, unlocked, version, battles_won, forum_posts";
    private static final TypeReference<LinkedHashMap<String, String>> UNLOCKED = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final CacheEvictions evictions;

    AchievementStatsProjection(JdbcTemplate jdbc, JsonMapper json,
                               CacheEvictions evictions) {
        this.jdbc = jdbc;
        this.json = json;
        this.evictions = evictions;
    }

    /** A learner's counters as the batch sees them. */
    static final class Progress extends LearnerRows.Row {
        String timezone;
        List<String> completedLessons = new ArrayList<>();
        int challengesSolved;
        int firstTrySolves;
        int currentStreak;
        LocalDate lastActiveDate;
        int level = 1;
        long totalXp;
        int battlesWon;
        int forumPosts;
        /** Achievement id to the instant it was unlocked (ISO-8601). */
        Map<String, String> unlocked = new LinkedHashMap<>();

        Progress(String learnerId, long version) {
            super(learnerId, version);
        }
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        Progress row = new Progress(event.learnerId(), version);
        row.timezone = event.timezone();
        rows().create(row);
    }

    /** The current streak is judged in the learner's zone from now on. */
    @EventHandler
    void on(TimezoneChanged event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.timezone = event.timezone();
        }
    }

    @EventHandler
    void on(LessonCompleted event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.completedLessons.add(event.lessonId());
        }
    }

    @EventHandler
    void on(ChallengeSolved event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.challengesSolved++;
            row.firstTrySolves += event.firstTry() ? 1 : 0;
        }
    }

    @EventHandler
    void on(ActiveDayRecorded event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.currentStreak = event.currentStreak();
            row.lastActiveDate = event.localDate();
        }
    }

    @EventHandler
    void on(LevelReached event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.level = Math.max(row.level, event.level());
        }
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.totalXp = event.totalXp();
        }
    }

    @EventHandler
    void on(BattleResultRecorded event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.battlesWon = event.battlesWon();
        }
    }

    @EventHandler
    void on(ForumPostCounted event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.forumPosts = event.total();
        }
    }

    @EventHandler
    void on(AchievementUnlocked event, @SequenceNumber long version) {
        Progress row = rows().fresh(event.learnerId(), version);
        if (row != null) {
            row.unlocked.put(event.achievementId(), event.unlockedAt().toString());
        }
    }

    /** Other Learner events: the row still reaches every learner version (read-your-writes waits for it). */
    @EventHandler
    void on(DomainEventMessage<?> event) {
        if (Batch.LEARNER.equals(event.getType())) {
            rows().fresh(event.getAggregateIdentifier(), event.getSequenceNumber());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE achievement_progress");
        evictions.clearAfterCommit(CacheEvictions.USER);
    }

    private LearnerRows<Progress> rows() {
        return Batch.changes(this, this::load);
    }

    private LearnerRows<Progress> load(List<EventMessage<?>> events) {
        Map<String, Progress> loaded = new HashMap<>();
        Batch.selectLearners(jdbc, events, "SELECT " + COLUMNS.replace("unlocked", "unlocked::text")
                + " FROM achievement_progress WHERE learner_id = ANY(?)", (ResultSet rs) -> {
                    Progress row = new Progress(rs.getString("learner_id"), rs.getLong("version"));
                    row.timezone = rs.getString("timezone");
                    row.completedLessons = new ArrayList<>(Arrays.asList((String[]) rs.getArray("completed_lessons").getArray()));
                    row.challengesSolved = rs.getInt("challenges_solved");
                    row.firstTrySolves = rs.getInt("first_try_solves");
                    row.currentStreak = rs.getInt("current_streak");
                    row.lastActiveDate = rs.getObject("last_active_date", LocalDate.class);
                    row.level = rs.getInt("level");
                    row.totalXp = rs.getLong("total_xp");
                    row.battlesWon = rs.getInt("battles_won");
                    row.unlocked = json.readValue(rs.getString("unlocked"), UNLOCKED);
                    row.forumPosts = rs.getInt("forum_posts");
                    loaded.put(row.learnerId, row);
                });
        return new LearnerRows<>(loaded, this::write);
    }

    private void write(List<Progress> changed) {
        jdbc.batchUpdate("INSERT INTO achievement_progress (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?) "
                        + "ON CONFLICT (learner_id) DO UPDATE SET timezone = excluded.timezone, "
                        + "completed_lessons = excluded.completed_lessons, "
                        + "challenges_solved = excluded.challenges_solved, first_try_solves = excluded.first_try_solves, "
                        + "current_streak = excluded.current_streak, last_active_date = excluded.last_active_date, "
                        + "level = excluded.level, total_xp = excluded.total_xp, unlocked = excluded.unlocked, "
                        + "version = excluded.version, battles_won = excluded.battles_won, "
                        + "forum_posts = excluded.forum_posts",
                changed, changed.size(), (PreparedStatement insert, Progress row) -> {
                    insert.setString(1, row.learnerId);
                    insert.setString(2, row.timezone);
                    insert.setArray(3, insert.getConnection().createArrayOf("text", row.completedLessons.toArray()));
                    insert.setInt(4, row.challengesSolved);
                    insert.setInt(5, row.firstTrySolves);
                    insert.setInt(6, row.currentStreak);
                    insert.setObject(7, row.lastActiveDate);
                    insert.setInt(8, row.level);
                    insert.setLong(9, row.totalXp);
                    insert.setString(10, json.writeValueAsString(row.unlocked));
                    insert.setLong(11, row.version);
                    insert.setInt(12, row.battlesWon);
                    insert.setInt(13, row.forumPosts);
                });
        // the evictions run in the commit phase, the pushes after it, on every node (see ReadModelPush)
        for (Progress row : changed) {
            evictions.pushAfterCommit(new FindAchievementProgressVersion(row.learnerId), row.version);
        }
        for (Progress row : changed) {
            evictions.evictAfterCommit(CacheEvictions.USER, CacheNames.achievements(row.learnerId));
        }
    }
}
