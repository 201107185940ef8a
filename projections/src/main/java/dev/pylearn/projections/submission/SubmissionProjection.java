package dev.pylearn.projections.submission;

import dev.pylearn.api.submission.SubmissionStatus;
import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.submission.FindSubmissionStatus;
import dev.pylearn.api.submission.SubmissionEvaluated;
import dev.pylearn.api.submission.SubmissionTestJudged;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.api.submission.SubmissionRunStarted;
import java.sql.Timestamp;
import java.util.List;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code submission}: one row per submission with its status and test outcomes. Writes are
 * guarded by the Submission's sequence number, so replays and redeliveries change nothing; every
 * change is pushed to subscribers of {@link FindSubmissionStatus} (waiting callers, event streams) on
 * every node once committed.
 */
@Component
@ReadModel(tables = {"submission"})
@ProcessingGroup(SubmissionProjection.GROUP)
class SubmissionProjection {

    static final String GROUP = ProcessingGroups.SUBMISSIONS;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    /** Pushes each change to every node once committed (a new version being rebuilt gets a disabled one). */
    private final CacheEvictions pushes;

    SubmissionProjection(JdbcClient jdbc, JsonMapper json, CacheEvictions pushes) {
        this.jdbc = jdbc;
        this.json = json;
        this.pushes = pushes;
    }

    @EventHandler
    void on(SubmissionRequested event, @SequenceNumber long version) {
        int written = jdbc.sql("""
                        INSERT INTO submission (submission_id, learner_id, challenge_id, status, message, attempt,
                                                submitted_at, attempt_requested_at, code, version)
                        VALUES (:id, :learner, :challenge, 'queued', :message, :attempt, :at, :at, :code, :version)
                        ON CONFLICT (submission_id) DO UPDATE SET status = 'queued', message = excluded.message,
                            attempt = excluded.attempt, attempt_requested_at = excluded.attempt_requested_at,
                            submitted_at = CASE WHEN submission.version < 0 THEN excluded.submitted_at
                                                ELSE submission.submitted_at END,
                            code = excluded.code, version = excluded.version
                        WHERE submission.version < excluded.version""")
                .param("id", event.submissionId())
                .param("code", event.code())
                .param("learner", event.learnerId())
                .param("challenge", event.challengeId())
                .param("message", event.attempt() == 1 ? "Waiting for a worker."
                        : "The previous run did not finish; running it again (attempt " + event.attempt() + ").")
                .param("attempt", event.attempt())
                .param("at", Timestamp.from(event.requestedAt()))
                .param("version", version)
                .update();
        if (written == 0) {
            // an event already applied: a replay, which fills the code of rows kept before it was stored
            jdbc.sql("UPDATE submission SET code = ? WHERE submission_id = ? AND code IS NULL")
                    .params(event.code(), event.submissionId())
                    .update();
        }
        changed(event.submissionId(), SubmissionStatus.QUEUED);
    }

    @EventHandler
    void on(SubmissionRunStarted event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE submission SET status = 'running', message = 'Running the tests.',
                            tests = '[]'::jsonb, version = ?
                        WHERE submission_id = ? AND version < ?""")
                .params(version, event.submissionId(), version)
                .update();
        changed(event.submissionId(), SubmissionStatus.RUNNING);
    }

    /** A test judged while the attempt runs: added to the row, so a watching learner sees it at once. */
    @EventHandler
    void on(SubmissionTestJudged event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE submission SET tests = tests || CAST(? AS jsonb), version = ?
                        WHERE submission_id = ? AND version < ? AND attempt = ? AND status = 'running'""")
                .params(json.writeValueAsString(List.of(event.outcome())), version, event.submissionId(), version,
                        event.attempt())
                .update();
        changed(event.submissionId(), SubmissionStatus.RUNNING);
    }

    @EventHandler
    void on(SubmissionEvaluated event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE submission SET status = ?, message = ?, tests = CAST(? AS jsonb), evaluated_at = ?,
                            version = ?
                        WHERE submission_id = ? AND version < ?""")
                .params(event.status(), event.message(), json.writeValueAsString(event.tests()),
                        Timestamp.from(event.evaluatedAt()), version, event.submissionId(), version)
                .update();
        changed(event.submissionId(), event.status());
    }

    /**
     * The XP comes from the Learner's stream, not the Submission's, so it may be applied before the
     * submission's own first event (a replay runs segments side by side): then it leaves a
     * placeholder row (version -1) that SubmissionRequested completes. Setting it twice is harmless.
     */
    @EventHandler
    void on(ChallengeSolved event) {
        jdbc.sql("""
                        INSERT INTO submission (submission_id, learner_id, challenge_id, status, attempt, submitted_at,
                                                attempt_requested_at, xp_awarded, version)
                        VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, -1)
                        ON CONFLICT (submission_id) DO UPDATE SET xp_awarded = excluded.xp_awarded""")
                .params(event.submissionId(), event.learnerId(), event.challengeId(), Timestamp.from(event.solvedAt()),
                        Timestamp.from(event.solvedAt()), event.xp())
                .update();
        pushes.pushAfterCommit(new FindSubmissionStatus(event.submissionId()), SubmissionStatus.PASSED);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE submission").update();
    }

    private void changed(String submissionId, String status) {
        pushes.pushAfterCommit(new FindSubmissionStatus(submissionId), status);
    }
}
