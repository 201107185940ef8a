package dev.pylearn.projections.dashboard;

import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.learner.ActiveDayRecorded;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.PremiumCanceled;
import dev.pylearn.api.learner.PremiumStarted;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.api.progress.FindDashboardVersion;
import java.sql.Timestamp;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.LearnerRows;
import dev.pylearn.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code learner_dashboard}, one row per learner, which serves the profile and (joined with the
 * catalog) the dashboard. Every write is guarded by {@code version < :version}: the row remembers the
 * last learner event applied, so redelivered and replayed events change nothing. After each event the
 * new version is pushed to subscribers of {@link FindDashboardVersion} (after the batch commits),
 * which is how a command's caller knows its write is readable.
 */
@Component
@ReadModel(tables = {"learner_dashboard"}, caches = {CacheEvictions.USER})
@ProcessingGroup(LearnerDashboardProjection.GROUP)
class LearnerDashboardProjection {

    static final String GROUP = "learner-dashboard";
    /** The aggregate type of the Learner's events. */
    static final String LEARNER = "Learner";

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter updates;

    private final CacheEvictions evictions;
    private final LearnerRows rows;

    LearnerDashboardProjection(JdbcClient jdbc, QueryUpdateEmitter updates, CacheEvictions evictions) {
        this.jdbc = jdbc;
        this.updates = updates;
        this.evictions = evictions;
        this.rows = new LearnerRows(jdbc, "learner_dashboard");
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        jdbc.sql("""
                        INSERT INTO learner_dashboard (learner_id, username, display_name, timezone, registered_at, version)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (learner_id) DO NOTHING""")
                .params(event.learnerId(), event.username(), event.displayName(), event.timezone(),
                        Timestamp.from(event.registeredAt()), version)
                .update();
        applied(event.learnerId(), version);
    }

    @EventHandler
    void on(LessonCompleted event, @SequenceNumber long version) {
        update(event.learnerId(), version, "completed_lessons = array_append(completed_lessons, :value)",
                event.lessonId());
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        update(event.learnerId(), version, "xp = :value", event.totalXp());
    }

    @EventHandler
    void on(LevelReached event, @SequenceNumber long version) {
        update(event.learnerId(), version, "level = GREATEST(level, :value)", event.level());
    }

    @EventHandler
    void on(ActiveDayRecorded event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE learner_dashboard
                        SET last_active_date = :day, current_streak = :current, longest_streak = :longest, version = :version
                        WHERE learner_id = :id AND version < :version""")
                .param("day", event.localDate())
                .param("current", event.currentStreak())
                .param("longest", event.longestStreak())
                .param("version", version)
                .param("id", event.learnerId())
                .update();
        applied(event.learnerId(), version);
    }

    @EventHandler
    void on(ChallengeSolved event, @SequenceNumber long version) {
        update(event.learnerId(), version, "solved_challenges = array_append(solved_challenges, :value)",
                event.challengeId());
    }

    /**
     * Every other Learner event changes nothing shown here, but the row must still reach every
     * learner version, because read-your-writes waits for it.
     */
    @EventHandler
    void on(DomainEventMessage<?> event) {
        if (LEARNER.equals(event.getType())) {
            update(event.getAggregateIdentifier(), event.getSequenceNumber(), "xp = xp", null);
        }
    }

    @EventHandler
    void on(PremiumStarted event, @SequenceNumber long version) {
        update(event.learnerId(), version, "premium = :value", true);
    }

    @EventHandler
    void on(PremiumCanceled event, @SequenceNumber long version) {
        update(event.learnerId(), version, "premium = :value", false);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE learner_dashboard").update();
        evictions.clearAfterCommit(CacheEvictions.USER);
    }

    private void update(String learnerId, long version, String assignment, Object value) {
        rows.update(learnerId, version, assignment, value);
        applied(learnerId, version);
    }

    private void applied(String learnerId, long version) {
        updates.emit(FindDashboardVersion.class, query -> query.learnerId().equals(learnerId), version);
        // after-commit callbacks run in reverse order: registered after the push, the eviction runs first
        evictions.evictAfterCommit(CacheEvictions.USER, "profile:" + learnerId, "dashboard:" + learnerId);
    }
}
