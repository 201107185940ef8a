package dev.pylearn.projections.chat;

import dev.pylearn.api.chat.ChatMessageView;
import dev.pylearn.api.chat.ConversationStarted;
import dev.pylearn.api.chat.FindChatLastSeq;
import dev.pylearn.api.chat.FindChatMembership;
import dev.pylearn.api.chat.MessageHidden;
import dev.pylearn.api.chat.MessageSent;
import dev.pylearn.api.chat.MessageUnhidden;
import dev.pylearn.api.chat.RoomJoined;
import dev.pylearn.projections.support.ReadModelPush;
import dev.pylearn.projections.support.ReadModel;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the chat's read models ({@code chat_conversation}, {@code chat_member}, {@code chat_message}) and
 * delivers each message live once its row is committed ({@link ChatDeliveries}): a member who
 * reconnects and asks for the messages after the last one they saw therefore finds every message that
 * was ever pushed, and the client drops what it already has by number, so nothing is lost or shown
 * twice. Rows are keyed by (conversation, number) and inserted once; a replay rebuilds them and pushes
 * nothing.
 */
@Component
@ReadModel(tables = {"chat_conversation", "chat_member", "chat_message"})
@ProcessingGroup(ChatProjection.GROUP)
class ChatProjection {

    static final String GROUP = "chat";

    private final JdbcClient jdbc;
    private final ChatDeliveries deliveries;
    private final ReadModelPush push;

    ChatProjection(JdbcClient jdbc, ChatDeliveries deliveries, ReadModelPush push) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.push = push;
    }

    @EventHandler
    void on(ConversationStarted event, ReplayStatus replay) {
        jdbc.sql("""
                        INSERT INTO chat_conversation (conversation_id, kind, track_id, started_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (conversation_id) DO NOTHING""")
                .params(event.conversationId(), event.kind(), event.trackId(), Timestamp.from(event.at()))
                .update();
        for (String member : event.memberIds()) {
            member(event.conversationId(), member, event.at(), replay);
        }
    }

    @EventHandler
    void on(RoomJoined event, ReplayStatus replay) {
        member(event.conversationId(), event.learnerId(), event.at(), replay);
    }

    @EventHandler
    void on(MessageSent event, ReplayStatus replay) {
        String senderName = jdbc.sql("""
                        WITH inserted AS (
                            INSERT INTO chat_message (conversation_id, seq, message_id, sender_id, text, sent_at)
                            VALUES (:conversation, :seq, :message, :sender, :text, :at)
                            ON CONFLICT (conversation_id, seq) DO NOTHING
                            RETURNING conversation_id),
                        moved AS (
                            UPDATE chat_conversation c SET last_seq = GREATEST(c.last_seq, :seq),
                                last_message_at = GREATEST(c.last_message_at, :at)
                            FROM inserted WHERE c.conversation_id = inserted.conversation_id)
                        SELECT (SELECT display_name FROM learner_dashboard WHERE learner_id = :sender)""")
                .param("conversation", event.conversationId())
                .param("seq", event.seq())
                .param("message", event.messageId())
                .param("sender", event.senderId())
                .param("text", event.text())
                .param("at", Timestamp.from(event.at()))
                .query(String.class)
                .optional().orElse(null);
        push.reached(new FindChatLastSeq(event.conversationId()), event.seq());
        if (!replay.isReplay()) {
            deliveries.afterCommit(new ChatMessageView(event.conversationId(), event.seq(), event.messageId(),
                    event.senderId(), senderName, event.text(), event.at(), false, null, null));
        }
    }

    @EventHandler
    void on(MessageHidden event, ReplayStatus replay) {
        jdbc.sql("""
                        UPDATE chat_message SET hidden = TRUE, hide_reason = ?, unhide_reason = NULL
                        WHERE conversation_id = ? AND seq = ?""")
                .params(event.reason(), event.conversationId(), event.seq())
                .update();
        if (!replay.isReplay()) {
            deliveries.afterCommit(new ChatMessageView(event.conversationId(), event.seq(), null, null, null, null,
                    event.at(), true, event.reason(), null));
        }
    }

    /**
     * The message is shown again: pushed whole (its text from the row), marked by {@code unhideReason} as
     * an update of a message the members have, not a new one. Applied in event order, like the hide, so a
     * replay ends where the events do.
     */
    @EventHandler
    void on(MessageUnhidden event, ReplayStatus replay) {
        ChatMessageView shown = jdbc.sql("""
                        UPDATE chat_message m SET hidden = FALSE, hide_reason = NULL, unhide_reason = :reason
                        WHERE conversation_id = :conversation AND seq = :seq
                        RETURNING m.message_id, m.sender_id, m.text, m.sent_at,
                                  (SELECT display_name FROM learner_dashboard WHERE learner_id = m.sender_id)""")
                .param("reason", event.reason())
                .param("conversation", event.conversationId())
                .param("seq", event.seq())
                .query((rs, n) -> new ChatMessageView(event.conversationId(), event.seq(), rs.getString(1),
                        rs.getString(2), rs.getString(5), rs.getString(3), rs.getTimestamp(4).toInstant(), false, null,
                        event.reason()))
                .optional().orElse(null);
        if (shown != null && !replay.isReplay()) {
            deliveries.afterCommit(shown);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE chat_conversation, chat_member, chat_message").update();
    }

    /** A member's row; a live join is told it is there (its answer waits for it, so the stream finds it). */
    private void member(String conversationId, String learnerId, java.time.Instant at, ReplayStatus replay) {
        jdbc.sql("""
                        INSERT INTO chat_member (conversation_id, learner_id, joined_at) VALUES (?, ?, ?)
                        ON CONFLICT (conversation_id, learner_id) DO NOTHING""")
                .params(conversationId, learnerId, Timestamp.from(at))
                .update();
        if (!replay.isReplay()) {
            push.reached(new FindChatMembership(conversationId, learnerId), 1L);
        }
    }
}
