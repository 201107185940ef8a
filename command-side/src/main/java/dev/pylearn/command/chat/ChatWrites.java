package dev.pylearn.command.chat;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.chat.BlockLearner;
import dev.pylearn.api.chat.ChatChange;
import dev.pylearn.api.chat.FindChatLastSeq;
import dev.pylearn.api.chat.HideMessage;
import dev.pylearn.api.chat.FindChatMembership;
import dev.pylearn.api.chat.JoinRoom;
import dev.pylearn.api.chat.SendMessage;
import dev.pylearn.api.chat.UnblockLearner;
import dev.pylearn.api.chat.UnhideMessage;
import dev.pylearn.command.support.GroupCommit;
import dev.pylearn.command.web.ReadYourWrites;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import static dev.pylearn.command.web.UnknownIds.checked;
import static dev.pylearn.command.web.UnknownIds.sent;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Chat writes for the API and the pages: sends the command, maps unknown ids to 404, and for a message
 * waits until the history shows it (members connected live get it from the same projection, after its
 * commit). Read positions ({@code chat_read}) are written here directly, not as events: they are one
 * reader's place in a list, change on every glance, and nothing is decided from them.
 */
@Service
public class ChatWrites {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final JdbcClient jdbc;
    private final Clock clock;
    /**
     * A room's messages, group-committed ({@link GroupCommit}): a room is one aggregate, so its messages
     * are written one command at a time, and at 20 messages a second through one room each waited with a
     * pooled connection for the one before (the pool of 10 taken, the chat projection and the answers'
     * reads waiting behind them: send answered p50 530 ms on 200 streams). Direct conversations have two
     * writers and go one by one.
     */
    private final GroupCommit<SendMessage, ChatChange> roomMessages;

    ChatWrites(CommandGateway commands, ReadYourWrites readYourWrites, JdbcClient jdbc, Clock clock, MeterRegistry meters,
               @Value("${pylearn.chat.send-threads:2}") int sendThreads) {
        this.commands = commands;
        this.roomMessages = new GroupCommit<>("chat-room-sends", sendThreads, 200, commands, SendMessages::of, meters,
                "pylearn.chat.send");
        this.readYourWrites = readYourWrites;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public CompletableFuture<String> join(String learnerId, String trackId) {
        String room = ChatRules.roomId(checked(trackId, "unknown-room", "room"));
        // answered once the read model has the membership: the room's history and stream, asked for next,
        // would otherwise refuse a member the projection has not reached yet (404 at connect, seen under load)
        return sent(() -> commands.<ChatChange>send(new JoinRoom(room, learnerId, clock.instant())), "unknown-room",
                "There is no room for track '" + trackId + "'.")
                .thenCompose(change -> readYourWrites.shows(new FindChatMembership(room, learnerId), Long.class,
                        member -> member != null && member > 0, "membership of " + learnerId + " in " + room))
                .thenApply(shown -> room);
    }

    public CompletableFuture<ChatChange> sendDirect(String senderId, String otherId, String text) {
        checked(otherId, "unknown-learner", "learner");
        return send(senderId, ChatRules.directId(senderId, otherId), text);
    }

    public CompletableFuture<ChatChange> send(String senderId, String conversationId, String text) {
        checked(conversationId, "unknown-conversation", "conversation");
        SendMessage message = new SendMessage(conversationId, UUID.randomUUID().toString(), senderId, text, clock.instant());
        return sent(() -> conversationId.startsWith(ChatRules.ROOM) ? roomMessages.submit(conversationId, message)
                        : commands.<ChatChange>send(message),
                "unknown-conversation", "There is no conversation '" + conversationId + "'.")
                .thenCompose(change -> {
                    read(senderId, change.conversationId(), change.seq());
                    return readYourWrites.shows(new FindChatLastSeq(change.conversationId()), Long.class,
                            seq -> seq != null && seq >= change.seq(), "chat " + change.conversationId())
                            .thenApply(shown -> change);
                });
    }

    @PreDestroy
    void stop() {
        roomMessages.close();
    }

    public CompletableFuture<ChatChange> block(String blockerId, String otherId) {
        checked(otherId, "unknown-learner", "learner");
        String id = ChatRules.directId(blockerId, otherId);
        return sent(() -> commands.send(new BlockLearner(id, blockerId, clock.instant())), "unknown-learner",
                "There is no learner '" + otherId + "'.");
    }

    public CompletableFuture<ChatChange> unblock(String blockerId, String otherId) {
        checked(otherId, "unknown-learner", "learner");
        String id = ChatRules.directId(blockerId, otherId);
        return sent(() -> commands.send(new UnblockLearner(id, blockerId, clock.instant())), "unknown-conversation",
                "You have no conversation with '" + otherId + "'.");
    }

    public CompletableFuture<ChatChange> hide(String adminId, String conversationId, long seq, String reason) {
        checked(conversationId, "unknown-conversation", "conversation");
        return sent(() -> commands.send(new HideMessage(conversationId, seq, adminId, reason, clock.instant())),
                "unknown-conversation", "There is no conversation '" + conversationId + "'.");
    }

    public CompletableFuture<ChatChange> unhide(String adminId, String conversationId, long seq, String reason) {
        checked(conversationId, "unknown-conversation", "conversation");
        return sent(() -> commands.send(new UnhideMessage(conversationId, seq, adminId, reason, clock.instant())),
                "unknown-conversation", "There is no conversation '" + conversationId + "'.");
    }

    /**
     * The learner has read up to message {@code seq} of a conversation they are a member of (404
     * {@code unknown-conversation} otherwise, nothing written); a position never moves back. One statement.
     */
    public void markRead(String learnerId, String conversationId, long seq) {
        checked(conversationId, "unknown-conversation", "conversation");
        if (seq < 0) {
            throw Rejection.invalid("invalid-seq", "'seq' is a message number, 0 or more.");
        }
        int written = jdbc.sql("""
                        INSERT INTO chat_read (conversation_id, learner_id, last_read_seq)
                        SELECT conversation_id, learner_id, :seq FROM chat_member
                        WHERE conversation_id = :conversation AND learner_id = :learner
                        ON CONFLICT (conversation_id, learner_id)
                        DO UPDATE SET last_read_seq = GREATEST(chat_read.last_read_seq, excluded.last_read_seq)""")
                .param("conversation", conversationId).param("learner", learnerId).param("seq", seq)
                .update();
        if (written == 0) {
            throw Rejection.notFound("unknown-conversation", "There is no conversation '" + conversationId
                    + "' of yours.");
        }
    }

    /** The sender has read their own message (they may not be a member in the read model yet: a new conversation). */
    private void read(String learnerId, String conversationId, long seq) {
        jdbc.sql("""
                        INSERT INTO chat_read (conversation_id, learner_id, last_read_seq) VALUES (?, ?, ?)
                        ON CONFLICT (conversation_id, learner_id)
                        DO UPDATE SET last_read_seq = GREATEST(chat_read.last_read_seq, excluded.last_read_seq)""")
                .params(conversationId, learnerId, seq)
                .update();
    }
}
