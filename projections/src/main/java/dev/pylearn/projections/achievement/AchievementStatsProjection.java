package dev.pylearn.projections.achievement;

import dev.pylearn.api.achievement.AchievementUnlocked;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.learner.ActiveDayRecorded;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.LearnerRows;
import dev.pylearn.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import dev.pylearn.api.achievement.FindAchievementProgressVersion;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code achievement_progress}: the per-learner counters every achievement kind is measured
 * by, and what was unlocked when. Guarded by the learner's sequence number like the dashboard, so
 * it replays to the same rows.
 */
@Component
@ReadModel(tables = {"achievement_progress"}, caches = {CacheEvictions.USER})
@ProcessingGroup(AchievementStatsProjection.GROUP)
class AchievementStatsProjection {

    static final String GROUP = "achievement-stats";

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter updates;

    private final CacheEvictions evictions;
    private final LearnerRows rows;

    AchievementStatsProjection(JdbcClient jdbc, QueryUpdateEmitter updates, CacheEvictions evictions) {
        this.jdbc = jdbc;
        this.updates = updates;
        this.evictions = evictions;
        this.rows = new LearnerRows(jdbc, "achievement_progress");
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        jdbc.sql("""
                        INSERT INTO achievement_progress (learner_id, timezone, version) VALUES (?, ?, ?)
                        ON CONFLICT (learner_id) DO NOTHING""")
                .params(event.learnerId(), event.timezone(), version)
                .update();
        applied(event.learnerId(), version);
    }

    @EventHandler
    void on(LessonCompleted event, @SequenceNumber long version) {
        update(event.learnerId(), version, "completed_lessons = array_append(completed_lessons, :value)",
                event.lessonId());
    }

    @EventHandler
    void on(ChallengeSolved event, @SequenceNumber long version) {
        update(event.learnerId(), version, "challenges_solved = challenges_solved + 1, first_try_solves = "
                + "first_try_solves + :value", event.firstTry() ? 1 : 0);
    }

    @EventHandler
    void on(ActiveDayRecorded event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE achievement_progress SET current_streak = ?, last_active_date = ?, version = ?
                        WHERE learner_id = ? AND version < ?""")
                .params(event.currentStreak(), event.localDate(), version, event.learnerId(), version)
                .update();
        applied(event.learnerId(), version);
    }

    @EventHandler
    void on(LevelReached event, @SequenceNumber long version) {
        update(event.learnerId(), version, "level = GREATEST(level, :value)", event.level());
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        update(event.learnerId(), version, "total_xp = :value", event.totalXp());
    }

    @EventHandler
    void on(AchievementUnlocked event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE achievement_progress
                        SET unlocked = unlocked || jsonb_build_object(CAST(? AS text), CAST(? AS text)), version = ?
                        WHERE learner_id = ? AND version < ?""")
                .params(event.achievementId(), event.unlockedAt().toString(), version, event.learnerId(), version)
                .update();
        applied(event.learnerId(), version);
    }

    /** Other Learner events: the row still reaches every learner version (read-your-writes waits for it). */
    @EventHandler
    void on(DomainEventMessage<?> event) {
        if ("Learner".equals(event.getType())) {
            update(event.getAggregateIdentifier(), event.getSequenceNumber(), "total_xp = total_xp", null);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE achievement_progress").update();
        evictions.clearAfterCommit(CacheEvictions.USER);
    }

    private void update(String learnerId, long version, String assignment, Object value) {
        rows.update(learnerId, version, assignment, value);
        applied(learnerId, version);
    }

    private void applied(String learnerId, long version) {
        updates.emit(FindAchievementProgressVersion.class, q -> q.learnerId().equals(learnerId), version);
        // after-commit callbacks run in reverse order: registered after the push, the eviction runs first
        evictions.evictAfterCommit(CacheEvictions.USER, "achievements:" + learnerId);
    }
}
