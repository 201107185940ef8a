package dev.pylearn.query.challenge;

import dev.pylearn.api.catalog.LockReason;
import dev.pylearn.api.challenge.ChallengePageView;
import dev.pylearn.api.challenge.ChallengeSummaryView;
import dev.pylearn.api.challenge.ChallengeView;
import dev.pylearn.api.challenge.FindChallenge;
import dev.pylearn.api.challenge.FindChallengePage;
import dev.pylearn.api.challenge.FindChallenges;
import dev.pylearn.api.submission.SubmissionView;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Challenge lists and pages: one statement each; hidden tests are not even in the table. */
@Component
class ChallengeQueries {

    private static final String COLUMNS = """
            SELECT c.challenge_id, c.track_id, c.title, c.difficulty, c.xp, c.time_limit_ms, c.style,
                   c.statement, c.statement_html, c.starter_code, c.visible_tests::text AS visible_tests,
                   c.hidden_tests, t.premium, COALESCE(d.premium, FALSE) AS learner_premium, d.completed_lessons,
                   COALESCE(c.challenge_id = ANY (d.solved_challenges), FALSE) AS solved,
                   p.lesson_ids AS prerequisite_lessons
            """;

    private static final String FROM = """
            FROM catalog_challenge c
            JOIN catalog_track t ON t.track_id = c.track_id
            LEFT JOIN catalog_track p ON p.track_id = t.prerequisite_track_id
            LEFT JOIN learner_dashboard d ON d.learner_id = :learner""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ChallengeQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    List<ChallengeSummaryView> handle(FindChallenges query) {
        return jdbc.sql("""
                        SELECT c.challenge_id, c.track_id, c.title, c.difficulty, c.xp,
                               COALESCE(c.challenge_id = ANY (d.solved_challenges), FALSE) AS solved
                        FROM catalog_challenge c
                        JOIN catalog_track t ON t.track_id = c.track_id
                        LEFT JOIN learner_dashboard d ON d.learner_id = :learner
                        WHERE CAST(:track AS VARCHAR) IS NULL OR c.track_id = :track
                        ORDER BY t.position, c.position""")
                .param("learner", query.learnerId())
                .param("track", query.trackId())
                .query((rs, n) -> new ChallengeSummaryView(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getBoolean(6)))
                .list();
    }

    @QueryHandler
    Optional<ChallengeView> handle(FindChallenge query) {
        return jdbc.sql(COLUMNS + FROM + " WHERE c.challenge_id = :challenge")
                .param("learner", query.learnerId())
                .param("challenge", query.challengeId())
                .query((rs, n) -> challenge(rs))
                .optional();
    }

    /**
     * The challenge page: the challenge and the learner's latest submissions of it, in one statement
     * (the submissions through {@code submission_learner_challenge_idx}, as JSON).
     */
    @QueryHandler
    Optional<ChallengePageView> handle(FindChallengePage query) {
        return jdbc.sql(COLUMNS + """
                        , t.title AS track_title, (SELECT COALESCE(json_agg(s ORDER BY s."submittedAt" DESC), '[]')::text FROM (
                               SELECT submission_id AS "submissionId", learner_id AS "learnerId",
                                      challenge_id AS "challengeId", status, message, xp_awarded AS "xpAwarded", attempt,
                                      to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                                          AS "submittedAt",
                                      to_char(evaluated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                                          AS "evaluatedAt",
                                      tests, code
                               FROM submission
                               WHERE learner_id = :learner AND challenge_id = c.challenge_id
                               ORDER BY submitted_at DESC LIMIT :limit) s) AS submissions
                        """ + FROM + " WHERE c.challenge_id = :challenge")
                .param("learner", query.learnerId())
                .param("challenge", query.challengeId())
                .param("limit", query.submissionLimit())
                .query((rs, n) -> new ChallengePageView(challenge(rs), rs.getString("track_title"),
                        List.of(json.readValue(rs.getString("submissions"), SubmissionView[].class))))
                .optional();
    }

    private ChallengeView challenge(ResultSet rs) throws SQLException {
        Set<String> completed = new HashSet<>(strings(rs.getArray("completed_lessons")));
        LockReason lock = LockReason.of(rs.getBoolean("premium"), rs.getBoolean("learner_premium"),
                strings(rs.getArray("prerequisite_lessons")), completed);
        return new ChallengeView(rs.getString("challenge_id"), rs.getString("track_id"),
                rs.getString("title"), rs.getString("difficulty"), rs.getInt("xp"),
                rs.getInt("time_limit_ms"), rs.getString("style"), rs.getString("statement"),
                rs.getString("statement_html"), rs.getString("starter_code"),
                List.of(json.readValue(rs.getString("visible_tests"), ChallengeView.VisibleTest[].class)),
                rs.getInt("hidden_tests"), rs.getBoolean("solved"), lock != null,
                lock == null ? null : lock.code());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
