package dev.pylearn.projections.analytics;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.challenge.ChallengeAttempted;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.TimezoneChanged;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.projections.support.Batch;
import dev.pylearn.projections.support.LearnerRows;
import dev.pylearn.projections.support.ReadModel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The analyst read models: activity per learner and local day, attempts per learner and challenge,
 * lessons per learner and track. Counters are only idempotent if each event is counted once: an
 * event counts only when it is newer than {@code analytics_learner.version}, which it then
 * advances. Each batch loads its learners (and the challenge rows it touches), counts in memory and
 * writes each table once (see {@link Batch}). Days are local days in the learner's time zone.
 */
@Component
@ProcessingGroup(AnalyticsProjection.GROUP)
@ReadModel(tables = {"analytics_learner", "analytics_daily_activity", "analytics_challenge_attempt",
        "analytics_track_progress"})
class AnalyticsProjection {

    static final String GROUP = ProcessingGroups.ANALYTICS;

    private final JdbcTemplate jdbc;

    AnalyticsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A learner as the batch sees it: the time zone its days are counted in, and its version. */
    static final class Learner extends LearnerRows.Row {
        String timezone;
        final Timestamp registeredAt;
        private ZoneId zone;

        Learner(String learnerId, String timezone, Timestamp registeredAt, long version) {
            super(learnerId, version);
            this.timezone = timezone;
            this.registeredAt = registeredAt;
        }

        void moveTo(String changed) {
            timezone = changed;
            zone = null;
        }

        LocalDate dayOf(Instant instant) {
            if (zone == null) {
                zone = ZoneId.of(timezone);
            }
            return instant.atZone(zone).toLocalDate();
        }
    }

    private record LearnerDay(String learnerId, LocalDate day) {
    }

    /** What a batch adds to one learner's day. */
    private static final class DayCounts {
        long xp;
        int lessonsCompleted;
        int challengesSolved;
        int submissions;
    }

    private record LearnerTrack(String learnerId, String trackId) {
    }

    /** Lessons a batch completed in one learner's track. */
    private static final class TrackCounts {
        int completedLessons;
        Instant startedAt;
        Instant lastCompletedAt;
    }

    private record LearnerChallenge(String learnerId, String challengeId) {
    }

    /** A learner's attempts at one challenge, as stored plus what the batch changed. */
    private static final class Attempts {
        int attempts;
        Integer passedOnAttempt;
        Timestamp firstAttemptAt;
        Timestamp solvedAt;
        boolean changed;
    }

    /** One batch's changes. */
    private final class Changes implements Batch.Changes {
        final LearnerRows<Learner> learners;
        final Map<LearnerDay, DayCounts> days = new LinkedHashMap<>();
        final Map<LearnerTrack, TrackCounts> tracks = new LinkedHashMap<>();
        final Map<LearnerChallenge, Attempts> challenges;

        Changes(Map<String, Learner> loaded, Map<LearnerChallenge, Attempts> challenges) {
            this.learners = new LearnerRows<>(loaded, rows -> {
            });
            this.challenges = challenges;
        }

        DayCounts day(Learner learner, LocalDate day) {
            return days.computeIfAbsent(new LearnerDay(learner.learnerId, day), key -> new DayCounts());
        }

        Attempts attempts(String learnerId, String challengeId) {
            Attempts attempts = challenges.computeIfAbsent(new LearnerChallenge(learnerId, challengeId),
                    key -> new Attempts());
            attempts.changed = true;
            return attempts;
        }

        @Override
        public void flush() {
            List<Learner> changedLearners = List.copyOf(learners.changed());
            if (changedLearners.isEmpty()) {
                return;
            }
            jdbc.batchUpdate("""
                            INSERT INTO analytics_learner (learner_id, timezone, registered_at, version) VALUES (?, ?, ?, ?)
                            ON CONFLICT (learner_id) DO UPDATE SET timezone = excluded.timezone, version = excluded.version""",
                    changedLearners, changedLearners.size(), (PreparedStatement insert, Learner row) -> {
                        insert.setString(1, row.learnerId);
                        insert.setString(2, row.timezone);
                        insert.setTimestamp(3, row.registeredAt);
                        insert.setLong(4, row.version);
                    });
            writeDays();
            writeTracks();
            writeChallenges();
        }

        private void writeDays() {
            if (days.isEmpty()) {
                return;
            }
            List<Map.Entry<LearnerDay, DayCounts>> rows = List.copyOf(days.entrySet());
            jdbc.update(connection -> {
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO analytics_daily_activity (learner_id, day, xp, lessons_completed, challenges_solved,
                                                              submissions)
                        SELECT learner, day::date, xp, lessons, solved, submissions
                        FROM unnest(?::varchar[], ?::text[], ?::bigint[], ?::int[], ?::int[], ?::int[])
                            AS added(learner, day, xp, lessons, solved, submissions)
                        ON CONFLICT (learner_id, day) DO UPDATE
                        SET xp = analytics_daily_activity.xp + excluded.xp,
                            lessons_completed = analytics_daily_activity.lessons_completed + excluded.lessons_completed,
                            challenges_solved = analytics_daily_activity.challenges_solved + excluded.challenges_solved,
                            submissions = analytics_daily_activity.submissions + excluded.submissions""");
                upsert.setArray(1, connection.createArrayOf("varchar",
                        rows.stream().map(e -> e.getKey().learnerId()).toArray()));
                upsert.setArray(2, connection.createArrayOf("text",
                        rows.stream().map(e -> e.getKey().day().toString()).toArray()));
                upsert.setArray(3, connection.createArrayOf("bigint", rows.stream().map(e -> e.getValue().xp).toArray()));
                upsert.setArray(4, connection.createArrayOf("int",
                        rows.stream().map(e -> e.getValue().lessonsCompleted).toArray()));
                upsert.setArray(5, connection.createArrayOf("int",
                        rows.stream().map(e -> e.getValue().challengesSolved).toArray()));
                upsert.setArray(6, connection.createArrayOf("int",
                        rows.stream().map(e -> e.getValue().submissions).toArray()));
                return upsert;
            });
        }

        private void writeTracks() {
            if (tracks.isEmpty()) {
                return;
            }
            List<Map.Entry<LearnerTrack, TrackCounts>> rows = List.copyOf(tracks.entrySet());
            jdbc.update(connection -> {
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO analytics_track_progress (learner_id, track_id, completed_lessons, started_at,
                                                              last_completed_at)
                        SELECT learner, track, lessons, started::timestamptz, last::timestamptz
                        FROM unnest(?::varchar[], ?::varchar[], ?::int[], ?::text[], ?::text[])
                            AS added(learner, track, lessons, started, last)
                        ON CONFLICT (learner_id, track_id) DO UPDATE
                        SET completed_lessons = analytics_track_progress.completed_lessons + excluded.completed_lessons,
                            last_completed_at = excluded.last_completed_at""");
                upsert.setArray(1, connection.createArrayOf("varchar",
                        rows.stream().map(e -> e.getKey().learnerId()).toArray()));
                upsert.setArray(2, connection.createArrayOf("varchar",
                        rows.stream().map(e -> e.getKey().trackId()).toArray()));
                upsert.setArray(3, connection.createArrayOf("int",
                        rows.stream().map(e -> e.getValue().completedLessons).toArray()));
                upsert.setArray(4, connection.createArrayOf("text",
                        rows.stream().map(e -> e.getValue().startedAt.toString()).toArray()));
                upsert.setArray(5, connection.createArrayOf("text",
                        rows.stream().map(e -> e.getValue().lastCompletedAt.toString()).toArray()));
                return upsert;
            });
        }

        private void writeChallenges() {
            List<Map.Entry<LearnerChallenge, Attempts>> rows = challenges.entrySet().stream()
                    .filter(e -> e.getValue().changed).toList();
            if (rows.isEmpty()) {
                return;
            }
            jdbc.batchUpdate("""
                            INSERT INTO analytics_challenge_attempt (learner_id, challenge_id, attempts, passed_on_attempt,
                                                                     first_attempt_at, solved_at)
                            VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT (learner_id, challenge_id) DO UPDATE SET attempts = excluded.attempts,
                                passed_on_attempt = excluded.passed_on_attempt, solved_at = excluded.solved_at""",
                    rows, rows.size(), (PreparedStatement insert, Map.Entry<LearnerChallenge, Attempts> row) -> {
                        Attempts attempts = row.getValue();
                        insert.setString(1, row.getKey().learnerId());
                        insert.setString(2, row.getKey().challengeId());
                        insert.setInt(3, attempts.attempts);
                        insert.setObject(4, attempts.passedOnAttempt, java.sql.Types.INTEGER);
                        insert.setTimestamp(5, attempts.firstAttemptAt);
                        insert.setTimestamp(6, attempts.solvedAt);
                    });
        }
    }

    @EventHandler
    void on(LearnerRegistered event, @SequenceNumber long version) {
        changes().learners.create(new Learner(event.learnerId(), event.timezone(), Timestamp.from(event.registeredAt()),
                version));
    }

    /** Days from the change on count in the new zone; the days already counted stay as they were. */
    @EventHandler
    void on(TimezoneChanged event, @SequenceNumber long version) {
        Learner learner = changes().learners.fresh(event.learnerId(), version);
        if (learner != null) {
            learner.moveTo(event.timezone());
        }
    }

    @EventHandler
    void on(XpAwarded event, @SequenceNumber long version) {
        Changes changes = changes();
        Learner learner = changes.learners.fresh(event.learnerId(), version);
        if (learner != null) {
            changes.day(learner, learner.dayOf(event.awardedAt())).xp += event.amount();
        }
    }

    @EventHandler
    void on(LessonCompleted event, @SequenceNumber long version) {
        Changes changes = changes();
        Learner learner = changes.learners.fresh(event.learnerId(), version);
        if (learner == null) {
            return;
        }
        TrackCounts track = changes.tracks.computeIfAbsent(new LearnerTrack(event.learnerId(), event.trackId()),
                key -> new TrackCounts());
        track.completedLessons++;
        if (track.startedAt == null) {
            track.startedAt = event.completedAt();
        }
        track.lastCompletedAt = event.completedAt();
        changes.day(learner, event.localDate()).lessonsCompleted++;
    }

    @EventHandler
    void on(ChallengeAttempted event, @SequenceNumber long version) {
        Changes changes = changes();
        Learner learner = changes.learners.fresh(event.learnerId(), version);
        if (learner == null) {
            return;
        }
        Attempts attempts = changes.attempts(event.learnerId(), event.challengeId());
        attempts.attempts++;
        if (attempts.firstAttemptAt == null) {
            attempts.firstAttemptAt = Timestamp.from(event.attemptedAt());
        }
        changes.day(learner, learner.dayOf(event.attemptedAt())).submissions++;
    }

    @EventHandler
    void on(ChallengeSolved event, @SequenceNumber long version) {
        Changes changes = changes();
        Learner learner = changes.learners.fresh(event.learnerId(), version);
        if (learner == null) {
            return;
        }
        Attempts attempts = changes.attempts(event.learnerId(), event.challengeId());
        if (attempts.attempts == 0) {
            // solved with no attempt on record (history from before attempts were events): one attempt
            attempts.attempts = 1;
            attempts.firstAttemptAt = Timestamp.from(event.solvedAt());
        }
        if (attempts.passedOnAttempt == null) {
            attempts.passedOnAttempt = attempts.attempts;
        }
        if (attempts.solvedAt == null) {
            attempts.solvedAt = Timestamp.from(event.solvedAt());
        }
        changes.day(learner, learner.dayOf(event.solvedAt())).challengesSolved++;
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE analytics_learner, analytics_daily_activity, analytics_challenge_attempt, "
                + "analytics_track_progress");
    }

    private Changes changes() {
        return Batch.changes(this, this::load);
    }

    /** Loads the batch's learners and the attempt rows of the challenges its events touch: two statements. */
    private Changes load(List<EventMessage<?>> events) {
        Map<String, Learner> learners = new HashMap<>();
        Map<LearnerChallenge, Attempts> challenges = new HashMap<>();
        Batch.selectLearners(jdbc, events,
                "SELECT learner_id, timezone, registered_at, version FROM analytics_learner WHERE learner_id = ANY(?)",
                (ResultSet rs) -> learners.put(rs.getString(1),
                        new Learner(rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getLong(4))));
        List<LearnerChallenge> touched = events.stream()
                .filter(event -> event.getPayloadType() == ChallengeAttempted.class
                        || event.getPayloadType() == ChallengeSolved.class)
                .map(event -> event.getPayload() instanceof ChallengeAttempted attempted
                        ? new LearnerChallenge(attempted.learnerId(), attempted.challengeId())
                        : new LearnerChallenge(((ChallengeSolved) event.getPayload()).learnerId(),
                        ((ChallengeSolved) event.getPayload()).challengeId()))
                .distinct().toList();
        if (!touched.isEmpty()) {
            jdbc.query(connection -> {
                PreparedStatement select = connection.prepareStatement("""
                        SELECT a.learner_id, a.challenge_id, a.attempts, a.passed_on_attempt, a.first_attempt_at, a.solved_at
                        FROM analytics_challenge_attempt a
                        JOIN unnest(?::varchar[], ?::varchar[]) AS touched(learner_id, challenge_id)
                            USING (learner_id, challenge_id)""");
                select.setArray(1, connection.createArrayOf("varchar", touched.stream().map(LearnerChallenge::learnerId).toArray()));
                select.setArray(2, connection.createArrayOf("varchar",
                        touched.stream().map(LearnerChallenge::challengeId).toArray()));
                return select;
            }, (ResultSet rs) -> {
                Attempts attempts = new Attempts();
                attempts.attempts = rs.getInt(3);
                attempts.passedOnAttempt = (Integer) rs.getObject(4);
                attempts.firstAttemptAt = rs.getTimestamp(5);
                attempts.solvedAt = rs.getTimestamp(6);
                challenges.put(new LearnerChallenge(rs.getString(1), rs.getString(2)), attempts);
            });
        }
        return new Changes(learners, challenges);
    }
}
