package dev.pylearn.query.submission;

import dev.pylearn.api.submission.FindMySubmissions;
import dev.pylearn.api.submission.FindStaleSubmissions;
import dev.pylearn.api.submission.FindSubmission;
import dev.pylearn.api.submission.FindSubmissionStatus;
import dev.pylearn.api.submission.StaleSubmission;
import dev.pylearn.api.submission.SubmissionView;
import dev.pylearn.api.submission.TestOutcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Submission reads: each one statement on {@code submission}, by primary key or by index range. */
@Component
class SubmissionQueries {

    private static final String COLUMNS = """
            submission_id, learner_id, challenge_id, status, message, xp_awarded, attempt, submitted_at,
            evaluated_at, tests::text AS tests, code""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SubmissionQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Null when there is no such submission (yet). */
    @QueryHandler
    SubmissionView handle(FindSubmission query) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM submission WHERE submission_id = ?")
                .param(query.submissionId())
                .query((rs, n) -> view(rs))
                .optional()
                .orElse(null);
    }

    @QueryHandler
    String handle(FindSubmissionStatus query) {
        return jdbc.sql("SELECT status FROM submission WHERE submission_id = ?")
                .param(query.submissionId())
                .query(String.class)
                .optional()
                .orElse("");
    }

    @QueryHandler
    List<SubmissionView> handle(FindMySubmissions query) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM submission
                        WHERE learner_id = :learner AND (CAST(:challenge AS VARCHAR) IS NULL OR challenge_id = :challenge)
                        ORDER BY submitted_at DESC LIMIT :limit""")
                .param("learner", query.learnerId())
                .param("challenge", query.challengeId())
                .param("limit", query.limit())
                .query((rs, n) -> view(rs))
                .list();
    }

    @QueryHandler
    List<StaleSubmission> handle(FindStaleSubmissions query) {
        return jdbc.sql("""
                        SELECT submission_id, attempt FROM submission
                        WHERE status IN ('queued', 'running') AND attempt_requested_at < ?
                        ORDER BY attempt_requested_at LIMIT ?""")
                .params(Timestamp.from(query.before()), query.limit())
                .query((rs, n) -> new StaleSubmission(rs.getString(1), rs.getInt(2)))
                .list();
    }

    private SubmissionView view(ResultSet rs) throws SQLException {
        return new SubmissionView(rs.getString("submission_id"), rs.getString("learner_id"),
                rs.getString("challenge_id"), rs.getString("status"), rs.getString("message"),
                rs.getInt("xp_awarded"), rs.getInt("attempt"), instant(rs.getTimestamp("submitted_at")),
                instant(rs.getTimestamp("evaluated_at")),
                List.of(json.readValue(rs.getString("tests"), TestOutcome[].class)), rs.getString("code"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
