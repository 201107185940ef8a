package dev.pylearn.query.tutor;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.tutor.FindTutorAllowance;
import dev.pylearn.api.tutor.FindTutorConversations;
import dev.pylearn.api.tutor.FindTutorHome;
import dev.pylearn.api.tutor.FindTutorMessages;
import dev.pylearn.api.tutor.FindTutorQuestionStatus;
import dev.pylearn.api.tutor.TutorHomeView;
import dev.pylearn.api.tutor.TutorAllowanceView;
import dev.pylearn.api.tutor.TutorConversationView;
import dev.pylearn.api.tutor.TutorConversationsView;
import dev.pylearn.api.tutor.TutorMessageView;
import dev.pylearn.api.tutor.TutorMessagesView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tutor's read side: the remaining count (the learner's zone and plan and the day's questions in
 * one statement), the conversation list and one conversation's history, both keyset-paged on
 * (time, id) over their own indexes.
 */
@Component
class TutorQueries {

    static final int MAX_PAGE = 50;

    private final JdbcClient jdbc;
    private final int freeLimit;
    private final int premiumLimit;

    TutorQueries(JdbcClient jdbc, @Value("${pylearn.tutor.daily-limit.free:10}") int freeLimit,
                 @Value("${pylearn.tutor.daily-limit.premium:100}") int premiumLimit) {
        this.jdbc = jdbc;
        this.freeLimit = freeLimit;
        this.premiumLimit = premiumLimit;
    }

    @QueryHandler
    TutorAllowanceView handle(FindTutorAllowance query) {
        return jdbc.sql("""
                        SELECT d.timezone, d.premium,
                               (SELECT count(*) FROM tutor_message m
                                 WHERE m.learner_id = d.learner_id AND m.status <> 'failed'
                                   AND m.day = (now() AT TIME ZONE d.timezone)::date) AS used
                        FROM learner_dashboard d WHERE d.learner_id = ?""")
                .param(query.learnerId())
                .query((rs, n) -> allowance(rs))
                .optional()
                .orElseThrow(() -> Rejection.notFound("unknown-learner", "No learner '" + query.learnerId() + "'."));
    }

    /** The allowance and a page of conversations in one statement (the learner's row, their conversations joined). */
    @QueryHandler
    TutorHomeView handle(FindTutorHome query) {
        int limit = pageSize(query.limit());
        List<Object[]> rows = jdbc.sql("""
                        SELECT d.timezone, d.premium,
                               (SELECT count(*) FROM tutor_message m
                                 WHERE m.learner_id = d.learner_id AND m.status <> 'failed'
                                   AND m.day = (now() AT TIME ZONE d.timezone)::date) AS used,
                               c.conversation_id, c.context_kind, c.context_id, c.title, c.questions, c.started_at,
                               c.last_at
                        FROM learner_dashboard d
                        LEFT JOIN LATERAL (
                            SELECT * FROM tutor_conversation t
                            WHERE t.learner_id = d.learner_id
                              AND (CAST(:before AS timestamptz) IS NULL
                                   OR (t.last_at, t.conversation_id) < (CAST(:before AS timestamptz), :beforeId))
                            ORDER BY t.last_at DESC, t.conversation_id DESC LIMIT :limit) c ON true
                        WHERE d.learner_id = :learner
                        ORDER BY c.last_at DESC, c.conversation_id DESC""")
                .param("learner", query.learnerId())
                .param("before", query.before() == null ? null : Timestamp.from(query.before()))
                .param("beforeId", query.beforeId() == null ? "" : query.beforeId())
                .param("limit", limit + 1)
                .query((rs, n) -> new Object[] {allowance(rs), rs.getString("conversation_id") == null ? null
                        : conversation(rs)})
                .list();
        if (rows.isEmpty()) {
            throw Rejection.notFound("unknown-learner", "No learner '" + query.learnerId() + "'.");
        }
        List<TutorConversationView> conversations = new ArrayList<>();
        rows.forEach(row -> {
            if (row[1] != null) {
                conversations.add((TutorConversationView) row[1]);
            }
        });
        return new TutorHomeView((TutorAllowanceView) rows.get(0)[0], page(conversations, limit));
    }

    @QueryHandler
    Optional<String> handle(FindTutorQuestionStatus query) {
        return jdbc.sql("SELECT status FROM tutor_message WHERE question_id = ? AND learner_id = ?")
                .params(query.questionId(), query.learnerId())
                .query(String.class)
                .optional();
    }

    @QueryHandler
    TutorConversationsView handle(FindTutorConversations query) {
        int limit = pageSize(query.limit());
        List<TutorConversationView> rows = new ArrayList<>(jdbc.sql("""
                        SELECT conversation_id, context_kind, context_id, title, questions, started_at, last_at
                        FROM tutor_conversation
                        WHERE learner_id = :learner
                          AND (CAST(:before AS timestamptz) IS NULL
                               OR (last_at, conversation_id) < (CAST(:before AS timestamptz), :beforeId))
                        ORDER BY last_at DESC, conversation_id DESC LIMIT :limit""")
                .param("learner", query.learnerId())
                .param("before", query.before() == null ? null : Timestamp.from(query.before()))
                .param("beforeId", query.beforeId() == null ? "" : query.beforeId())
                .param("limit", limit + 1)
                .query((rs, n) -> conversation(rs))
                .list());
        return page(rows, limit);
    }

    private static TutorConversationsView page(List<TutorConversationView> rows, int limit) {
        String next = null;
        if (rows.size() > limit) {
            rows.remove(limit);
            TutorConversationView last = rows.get(limit - 1);
            next = TutorCursor.of(last.lastAt(), last.conversationId());
        }
        return new TutorConversationsView(rows, next);
    }

    private static TutorConversationView conversation(ResultSet rs) throws SQLException {
        return new TutorConversationView(rs.getString("conversation_id"), rs.getString("context_kind"),
                rs.getString("context_id"), rs.getString("title"), rs.getInt("questions"), instant(rs, "started_at"),
                instant(rs, "last_at"));
    }

    private TutorAllowanceView allowance(ResultSet rs) throws SQLException {
        ZoneId zone = ZoneId.of(rs.getString("timezone"));
        boolean premium = rs.getBoolean("premium");
        int limit = premium ? premiumLimit : freeLimit;
        int used = rs.getInt("used");
        Instant reset = LocalDate.now(zone).plusDays(1).atStartOfDay(zone).toInstant();
        return new TutorAllowanceView(premium ? "premium" : "free", limit, used, Math.max(0, limit - used), reset);
    }

    @QueryHandler
    TutorMessagesView handle(FindTutorMessages query) {
        int limit = pageSize(query.limit());
        // the conversation's row and a page of its questions in one statement (no row: unknown conversation)
        List<Object[]> rows = jdbc.sql("""
                        SELECT c.context_kind, c.context_id, m.question_id, m.question, m.answer, m.answer_html,
                               m.status, m.failure,
                               m.provider, m.asked_at, m.answered_at
                        FROM tutor_conversation c
                        LEFT JOIN LATERAL (
                            SELECT * FROM tutor_message t
                            WHERE t.learner_id = c.learner_id AND t.conversation_id = c.conversation_id
                              AND (CAST(:before AS timestamptz) IS NULL
                                   OR (t.asked_at, t.question_id) < (CAST(:before AS timestamptz), :beforeId))
                            ORDER BY t.asked_at DESC, t.question_id DESC LIMIT :limit) m ON true
                        WHERE c.learner_id = :learner AND c.conversation_id = :conversation
                        ORDER BY m.asked_at DESC, m.question_id DESC""")
                .param("learner", query.learnerId())
                .param("conversation", query.conversationId())
                .param("before", query.before() == null ? null : Timestamp.from(query.before()))
                .param("beforeId", query.beforeId() == null ? "" : query.beforeId())
                .param("limit", limit + 1)
                .query((rs, n) -> new Object[] {rs.getString("context_kind"), rs.getString("context_id"),
                        rs.getString("question_id") == null ? null : new TutorMessageView(rs.getString("question_id"),
                                rs.getString("question"), "failed".equals(rs.getString("status"))
                                        ? "The tutor could not answer this one (" + rs.getString("failure")
                                        + "); it did not count against the daily limit." : rs.getString("answer"),
                                "failed".equals(rs.getString("status")) ? null : rs.getString("answer_html"),
                                rs.getString("status"), rs.getString("provider"), instant(rs, "asked_at"),
                                instant(rs, "answered_at"))})
                .list();
        if (rows.isEmpty()) {
            throw Rejection.notFound("unknown-conversation", "You have no tutor conversation '"
                    + query.conversationId() + "'.");
        }
        List<TutorMessageView> messages = new ArrayList<>();
        rows.forEach(row -> {
            if (row[2] != null) {
                messages.add((TutorMessageView) row[2]);
            }
        });
        String next = null;
        if (messages.size() > limit) {
            messages.remove(limit);
            TutorMessageView last = messages.get(limit - 1);
            next = TutorCursor.of(last.askedAt(), last.questionId());
        }
        return new TutorMessagesView(query.conversationId(), (String) rows.get(0)[0], (String) rows.get(0)[1], messages,
                next);
    }

    private static int pageSize(int requested) {
        if (requested < 1 || requested > MAX_PAGE) {
            throw Rejection.invalid("invalid-page-size", "'limit' must be between 1 and " + MAX_PAGE + ".");
        }
        return requested;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
