package dev.pylearn.projections.analytics;

import dev.pylearn.api.challenge.ChallengeAttempted;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.projections.support.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The analyst read models: activity per learner and local day, attempts per learner and challenge,
 * lessons per learner and track. Counters are only idempotent if each event is counted once, so
 * every statement first advances {@code analytics_learner.version} past the event's sequence number
 * and writes only when that moved (a data-modifying CTE: one statement per event). Days are local
 * days in the learner's time zone, computed by PostgreSQL from the event's instant.
 */
@Component
@ProcessingGroup(AnalyticsProjection.GROUP)
@ReadModel(tables = {"analytics_learner", "analytics_daily_activity", "analytics_challenge_attempt",
        "analytics_track_progress"})
class AnalyticsProjection {

    static final String GROUP = "analytics";

    /** Advances the learner's version; yields the learner's time zone when this event is new. */
    private static final String FRESH = """
            WITH fresh AS (
                UPDATE analytics_learner SET version = :version
                WHERE learner_id = :learner AND version < :version
                RETURNING timezone)
            """;

    /** The local day of {@code :at} in the learner's time zone (from {@code fresh}). */
    private static final String LOCAL_DAY = "(CAST(:at AS timestamptz) AT TIME ZONE timezone)::date";

    private final JdbcClient jdbc;

    AnalyticsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        jdbc.sql("""
                        INSERT INTO analytics_learner (learner_id, timezone, registered_at, version)
                        VALUES (?, ?, ?, ?) ON CONFLICT (learner_id) DO NOTHING""")
                .params(event.learnerId(), event.timezone(), Timestamp.from(event.registeredAt()), version)
                .update();
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        activity(event.learnerId(), version, event.awardedAt(), "xp", event.amount());
    }

    @EventHandler
    void on(LessonCompleted event, @SequenceNumber long version) {
        jdbc.sql(FRESH + """
                        , progress AS (
                            INSERT INTO analytics_track_progress (learner_id, track_id, completed_lessons, started_at,
                                                                  last_completed_at)
                            SELECT :learner, :track, 1, :at, :at FROM fresh
                            ON CONFLICT (learner_id, track_id) DO UPDATE
                            SET completed_lessons = analytics_track_progress.completed_lessons + 1,
                                last_completed_at = excluded.last_completed_at)
                        """ + addToDay("lessons_completed", "CAST(:day AS date)"))
                .param("amount", 1)
                .param("version", version)
                .param("learner", event.learnerId())
                .param("track", event.trackId())
                .param("at", Timestamp.from(event.completedAt()))
                .param("day", event.localDate())
                .update();
    }

    @EventHandler
    void on(ChallengeAttempted event, @SequenceNumber long version) {
        jdbc.sql(FRESH + """
                        , attempt AS (
                            INSERT INTO analytics_challenge_attempt (learner_id, challenge_id, attempts, first_attempt_at)
                            SELECT :learner, :challenge, 1, :at FROM fresh
                            ON CONFLICT (learner_id, challenge_id) DO UPDATE
                            SET attempts = analytics_challenge_attempt.attempts + 1)
                        """ + addToDay("submissions", LOCAL_DAY))
                .param("amount", 1)
                .param("version", version)
                .param("learner", event.learnerId())
                .param("challenge", event.challengeId())
                .param("at", Timestamp.from(event.attemptedAt()))
                .update();
    }

    @EventHandler
    void on(ChallengeSolved event, @SequenceNumber long version) {
        jdbc.sql(FRESH + """
                        , solved AS (
                            INSERT INTO analytics_challenge_attempt (learner_id, challenge_id, attempts, passed_on_attempt,
                                                                     first_attempt_at, solved_at)
                            SELECT :learner, :challenge, 1, 1, :at, :at FROM fresh
                            ON CONFLICT (learner_id, challenge_id) DO UPDATE
                            SET passed_on_attempt = coalesce(analytics_challenge_attempt.passed_on_attempt,
                                                             greatest(analytics_challenge_attempt.attempts, 1)),
                                solved_at = coalesce(analytics_challenge_attempt.solved_at, excluded.solved_at))
                        """ + addToDay("challenges_solved", LOCAL_DAY))
                .param("amount", 1)
                .param("version", version)
                .param("learner", event.learnerId())
                .param("challenge", event.challengeId())
                .param("at", Timestamp.from(event.solvedAt()))
                .update();
    }

    /** Adds {@code :amount} to a counter of the learner's row for {@code day}, if the event is fresh. */
    private static String addToDay(String column, String day) {
        return """
                INSERT INTO analytics_daily_activity (learner_id, day, %1$s)
                SELECT :learner, %2$s, :amount FROM fresh
                ON CONFLICT (learner_id, day) DO UPDATE
                SET %1$s = analytics_daily_activity.%1$s + excluded.%1$s""".formatted(column, day);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE analytics_learner, analytics_daily_activity, analytics_challenge_attempt, "
                + "analytics_track_progress").update();
    }

    private void activity(String learnerId, long version, Instant at, String column, long amount) {
        jdbc.sql(FRESH + addToDay(column, LOCAL_DAY))
                .param("version", version)
                .param("learner", learnerId)
                .param("at", Timestamp.from(at))
                .param("amount", amount)
                .update();
    }
}
