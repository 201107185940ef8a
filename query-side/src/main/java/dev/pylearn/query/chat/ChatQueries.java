package dev.pylearn.query.chat;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.chat.ChatHistoryPage;
import dev.pylearn.api.chat.ChatMessageView;
import dev.pylearn.api.chat.ConversationSummary;
import dev.pylearn.api.chat.FindChatHistory;
import dev.pylearn.api.chat.FindChatLastSeq;
import dev.pylearn.api.chat.FindChatMembership;
import dev.pylearn.api.chat.FindChatMessagesAfter;
import dev.pylearn.api.chat.FindMyConversations;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Chat reads, one statement each, members only: the learner's membership row is the statement's
 * starting point, so a non-member gets no row and a 404 (which does not tell whether the conversation
 * exists). A direct conversation's two learners may read it before its first message (an empty page).
 */
@Component
class ChatQueries {

    static final int MAX_LIMIT = 200;

    private final JdbcClient jdbc;

    ChatQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Unread counts of every conversation of the learner in one lookup. */
    @QueryHandler
    List<ConversationSummary> handle(FindMyConversations query) {
        return jdbc.sql("""
                        SELECT c.conversation_id, c.kind,
                               COALESCE(t.title, d.display_name, c.conversation_id) AS title, c.last_seq,
                               GREATEST(c.last_seq - COALESCE(r.last_read_seq, 0), 0) AS unread, c.last_message_at
                        FROM chat_member m
                        JOIN chat_conversation c ON c.conversation_id = m.conversation_id
                        LEFT JOIN chat_read r ON r.conversation_id = m.conversation_id AND r.learner_id = m.learner_id
                        LEFT JOIN catalog_track t ON c.kind = 'room' AND t.track_id = c.track_id
                        LEFT JOIN chat_member o ON c.kind = 'direct' AND o.conversation_id = c.conversation_id
                                               AND o.learner_id <> m.learner_id
                        LEFT JOIN learner_dashboard d ON d.learner_id = o.learner_id
                        WHERE m.learner_id = ?
                        ORDER BY c.last_message_at DESC NULLS LAST, c.conversation_id""")
                .param(query.learnerId())
                .query((rs, n) -> new ConversationSummary(rs.getString("conversation_id"), rs.getString("kind"),
                        rs.getString("title"), rs.getLong("last_seq"), rs.getLong("unread"),
                        rs.getTimestamp("last_message_at") == null ? null : rs.getTimestamp("last_message_at").toInstant()))
                .list();
    }

    @QueryHandler
    Long handle(FindChatLastSeq query) {
        return jdbc.sql("SELECT last_seq FROM chat_conversation WHERE conversation_id = ?").param(query.conversationId())
                .query(Long.class).optional().orElse(0L);
    }

    /** The latest messages (or those before the cursor), returned oldest first. */
    @QueryHandler
    Long handle(FindChatMembership query) {
        return jdbc.sql("SELECT count(*) FROM chat_member WHERE conversation_id = ? AND learner_id = ?")
                .params(query.conversationId(), query.learnerId()).query(Long.class).single();
    }

    @QueryHandler
    ChatHistoryPage handle(FindChatHistory query) {
        Long before = decode(query.cursor());
        int limit = limit(query.limit());
        List<ChatMessageView> messages = new ArrayList<>();
        String[] header = new String[2];
        jdbc.sql("""
                        SELECT c.kind, COALESCE(t.title, d.display_name, c.conversation_id) AS title, msg.*, s.display_name
                        FROM chat_member me
                        JOIN chat_conversation c ON c.conversation_id = me.conversation_id
                        LEFT JOIN catalog_track t ON c.kind = 'room' AND t.track_id = c.track_id
                        LEFT JOIN chat_member o ON c.kind = 'direct' AND o.conversation_id = c.conversation_id
                                               AND o.learner_id <> me.learner_id
                        LEFT JOIN learner_dashboard d ON d.learner_id = o.learner_id
                        LEFT JOIN LATERAL (
                            SELECT * FROM chat_message m WHERE m.conversation_id = me.conversation_id
                            """ + (before == null ? "" : "AND m.seq < :before\n") + """
                            ORDER BY m.seq DESC LIMIT :limit) msg ON TRUE
                        LEFT JOIN learner_dashboard s ON s.learner_id = msg.sender_id
                        WHERE me.conversation_id = :conversation AND me.learner_id = :learner
                        ORDER BY msg.seq""")
                .param("conversation", query.conversationId())
                .param("learner", query.learnerId())
                .param("before", before)
                .param("limit", limit + 1)
                .query((ResultSet rs) -> {
                    header[0] = rs.getString("kind");
                    header[1] = rs.getString("title");
                    if (rs.getString("message_id") != null) {
                        messages.add(message(rs, query.conversationId()));
                    }
                });
        if (header[0] == null) {
            if (directMember(query.conversationId(), query.learnerId())) {
                return new ChatHistoryPage(query.conversationId(), "direct", null, List.of(), null);
            }
            throw notMember(query.conversationId());
        }
        String older = null;
        if (messages.size() > limit) {
            messages.remove(0);
            older = encode(messages.get(0).seq());
        }
        return new ChatHistoryPage(query.conversationId(), header[0], header[1], Collections.unmodifiableList(messages),
                older);
    }

    /** For a reconnecting member: what came after the last message they saw, in order. Empty for a non-member. */
    @QueryHandler
    List<ChatMessageView> handle(FindChatMessagesAfter query) {
        return jdbc.sql("""
                        SELECT m.*, s.display_name FROM chat_member me
                        JOIN chat_message m ON m.conversation_id = me.conversation_id AND m.seq > :after
                        LEFT JOIN learner_dashboard s ON s.learner_id = m.sender_id
                        WHERE me.conversation_id = :conversation AND me.learner_id = :learner
                        ORDER BY m.seq LIMIT :limit""")
                .param("conversation", query.conversationId())
                .param("learner", query.learnerId())
                .param("after", query.afterSeq())
                .param("limit", Math.max(1, Math.min(query.limit(), 1000)))
                .query((rs, n) -> message(rs, query.conversationId()))
                .list();
    }

    /** The two learners of a direct conversation, whose id names them. */
    static boolean directMember(String conversationId, String learnerId) {
        if (!conversationId.startsWith("dm-")) {
            return false;
        }
        String[] pair = conversationId.substring(3).split("_");
        return pair.length == 2 && (pair[0].equals(learnerId) || pair[1].equals(learnerId)) && !pair[0].equals(pair[1]);
    }

    static Rejection notMember(String conversationId) {
        return Rejection.notFound("unknown-conversation", "There is no conversation '" + conversationId
                + "' of yours; join a room first.");
    }

    private static ChatMessageView message(ResultSet rs, String conversationId) throws SQLException {
        boolean hidden = rs.getBoolean("hidden");
        Timestamp at = rs.getTimestamp("sent_at");
        return new ChatMessageView(conversationId, rs.getLong("seq"), rs.getString("message_id"),
                rs.getString("sender_id"), rs.getString("display_name"), hidden ? null : rs.getString("text"),
                at.toInstant(), hidden, rs.getString("hide_reason"), rs.getString("unhide_reason"));
    }

    private static int limit(int limit) {
        return limit <= 0 ? 50 : Math.min(limit, MAX_LIMIT);
    }

    private static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("s|" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static Long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("s|")) {
                throw new IllegalArgumentException(text);
            }
            return Long.parseLong(text.substring(2));
        } catch (IllegalArgumentException e) {
            throw Rejection.invalid("malformed-cursor", "The paging cursor is not one this API gave out; "
                    + "start again from the latest messages (no 'cursor').");
        }
    }
}
