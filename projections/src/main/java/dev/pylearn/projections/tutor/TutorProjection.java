package dev.pylearn.projections.tutor;

import dev.pylearn.api.tutor.TutorQuestionAnswered;
import dev.pylearn.api.tutor.TutorQuestionAsked;
import dev.pylearn.api.tutor.TutorQuestionFailed;
import dev.pylearn.projections.support.MarkdownHtml;
import dev.pylearn.projections.support.ReadModel;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the tutor's conversations and questions ({@code tutor_conversation}, {@code tutor_message}),
 * the history pages, the remaining count and the analyst's usage view read. An answer is kept as the
 * model wrote it and as sanitized HTML ({@link MarkdownHtml}, the forum's renderer), which the pages show. Every write is keyed by
 * the question id, and a conversation's count is recounted from its questions, so a replay or a
 * redelivered event changes nothing.
 */
@Component
@ReadModel(tables = {"tutor_conversation", "tutor_message"})
@ProcessingGroup(TutorProjection.GROUP)
class TutorProjection {

    static final String GROUP = "tutor";

    private final JdbcClient jdbc;

    TutorProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TutorQuestionAsked event) {
        jdbc.sql("""
                        INSERT INTO tutor_message (question_id, learner_id, conversation_id, context_kind, context_id,
                            question, status, plan, day, asked_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'asked', ?, ?, ?)
                        ON CONFLICT (question_id) DO NOTHING""")
                .params(event.questionId(), event.learnerId(), event.conversationId(), event.contextKind(),
                        event.contextId(), event.question(), event.plan(), event.day(), Timestamp.from(event.at()))
                .update();
        jdbc.sql("""
                        INSERT INTO tutor_conversation (learner_id, conversation_id, context_kind, context_id, title,
                            questions, started_at, last_at)
                        VALUES (:learner, :conversation, :kind, :context, :title,
                            (SELECT count(*) FROM tutor_message WHERE learner_id = :learner
                                AND conversation_id = :conversation), :at, :at)
                        ON CONFLICT (learner_id, conversation_id) DO UPDATE SET questions = excluded.questions,
                            last_at = greatest(tutor_conversation.last_at, excluded.last_at),
                            started_at = least(tutor_conversation.started_at, excluded.started_at)""")
                .param("learner", event.learnerId())
                .param("conversation", event.conversationId())
                .param("kind", event.contextKind())
                .param("context", event.contextId())
                .param("title", title(event.question()))
                .param("at", Timestamp.from(event.at()))
                .update();
    }

    @EventHandler
    void on(TutorQuestionAnswered event) {
        jdbc.sql("""
                        UPDATE tutor_message SET status = 'answered', answer = ?, answer_html = ?, provider = ?,
                            model = ?, tokens_in = ?, tokens_out = ?, latency_ms = ?, answered_at = ?
                        WHERE question_id = ?""")
                .params(event.answer(), MarkdownHtml.render(event.answer()), event.provider(), event.model(),
                        event.tokensIn(), event.tokensOut(),
                        event.latencyMs(), Timestamp.from(event.at()), event.questionId())
                .update();
    }

    @EventHandler
    void on(TutorQuestionFailed event) {
        jdbc.sql("""
                        UPDATE tutor_message SET status = 'failed', failure = ?, provider = ?, latency_ms = ?,
                            answered_at = ?
                        WHERE question_id = ?""")
                .params(event.reason(), event.provider(), event.latencyMs(), Timestamp.from(event.at()),
                        event.questionId())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE tutor_message, tutor_conversation").update();
    }

    private static String title(String question) {
        String line = question.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }
}
