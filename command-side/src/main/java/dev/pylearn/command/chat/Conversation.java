package dev.pylearn.command.chat;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pylearn.api.Rejection;
import dev.pylearn.api.chat.BlockLearner;
import dev.pylearn.api.chat.ChatChange;
import dev.pylearn.api.chat.ConversationStarted;
import dev.pylearn.api.chat.HideMessage;
import dev.pylearn.api.chat.JoinRoom;
import dev.pylearn.api.chat.LearnerBlocked;
import dev.pylearn.api.chat.LearnerUnblocked;
import dev.pylearn.api.chat.MessageHidden;
import dev.pylearn.api.chat.MessageSent;
import dev.pylearn.api.chat.MessageUnhidden;
import dev.pylearn.api.chat.UnhideMessage;
import dev.pylearn.api.chat.RoomJoined;
import dev.pylearn.api.chat.SendMessage;
import dev.pylearn.api.chat.UnblockLearner;
import dev.pylearn.command.forum.ForumRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A conversation: a direct one between two learners ({@code dm-<a>_<b>}, started by its first message
 * or a block) or a track's group room ({@code room-<trackId>}, started by its first member). It numbers
 * its messages 1, 2, 3, ...: commands on one aggregate are serialized (the event store refuses a second
 * event with the same sequence number and the command is retried), so the numbers have no gaps and
 * every member sees one order. Blocks live here too, since a block is about exactly this pair.
 * <p>
 * Its state does not grow with the messages (members, blocks, hidden numbers, the last number), so a
 * snapshot stays small however long the conversation: see {@link ConversationSnapshots}, which also
 * keeps conversations in memory between commands and locks one across nodes while a command writes it.
 */
@Aggregate(snapshotTriggerDefinition = "conversationSnapshotTrigger", snapshotFilter = "conversationSnapshotFilter",
        cache = "conversationCache", lockFactory = "conversationLocks")
@Revision(Conversation.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Conversation {

    /** The shape of the fields below in a snapshot; raise it with any change to them. */
    static final String SNAPSHOT_REVISION = "1";

    @AggregateIdentifier
    private String conversationId;
    private String kind;
    private final Set<String> members = new HashSet<>();
    /** "blocker>blocked" pairs. */
    private final Set<String> blocks = new HashSet<>();
    private long lastSeq;
    private final Set<Long> hidden = new HashSet<>();

    protected Conversation() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ChatChange handle(JoinRoom command, ChatRules rules) {
        if (conversationId == null) {
            String id = command.conversationId();
            String trackId = id != null && id.startsWith(ChatRules.ROOM) ? id.substring(ChatRules.ROOM.length()) : null;
            if (trackId == null || !rules.trackExists(trackId)) {
                throw Rejection.notFound("unknown-room", "There is no room '" + id + "': rooms are 'room-<trackId>'.");
            }
            apply(new ConversationStarted(id, "room", trackId, List.of(), command.at()));
        } else if (!"room".equals(kind)) {
            throw Rejection.notFound("unknown-room", "There is no room '" + conversationId + "'.");
        }
        if (!members.contains(command.learnerId())) {
            apply(new RoomJoined(conversationId, command.learnerId(), command.at()));
        }
        return new ChatChange(conversationId, 0);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ChatChange handle(SendMessage command, ChatRules rules) {
        String text = rules.text(command.text());
        if (conversationId == null) {
            startDirect(command.conversationId(), command.senderId(), rules, command.at());
        }
        if (!members.contains(command.senderId())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "not-a-member", "Not a member",
                    "Join the room before writing in it.");
        }
        for (String member : members) {
            if (blocks.contains(member + ">" + command.senderId())) {
                throw new Rejection(Rejection.Kind.FORBIDDEN, "blocked", "Blocked",
                        "This learner has blocked you; your message was not sent.");
            }
        }
        rules.mayWrite(command.senderId());
        long seq = lastSeq + 1;
        apply(new MessageSent(conversationId, seq, command.messageId(), command.senderId(), text, command.at()));
        return new ChatChange(conversationId, seq);
    }

    /**
     * Messages to a room that arrived together ({@link SendMessages}): each decided as if sent alone, in
     * their order, a refused one answered with its {@link Rejection} while the others go on. Rooms only:
     * a room is started by its first member, never by a message, so a refused message has changed
     * nothing (a direct conversation is started by its first message, which could then be refused).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<Object> handle(SendMessages batch, ChatRules rules) {
        if (conversationId == null || !"room".equals(kind)) {
            // an unknown room (no event may be applied to it) or a direct conversation
            throw Rejection.notFound("unknown-conversation", "There is no room '" + batch.conversationId() + "'.");
        }
        List<Object> results = new java.util.ArrayList<>();
        for (SendMessage message : batch.messages()) {
            try {
                results.add(handle(message, rules));
            } catch (Rejection refused) {
                results.add(refused);
            }
        }
        return results;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ChatChange handle(BlockLearner command, ChatRules rules) {
        if (conversationId == null) {
            startDirect(command.conversationId(), command.blockerId(), rules, command.at());
        }
        String other = otherMember(command.blockerId());
        if (!blocks.contains(command.blockerId() + ">" + other)) {
            apply(new LearnerBlocked(conversationId, command.blockerId(), other, command.at()));
        }
        return new ChatChange(conversationId, 0);
    }

    @CommandHandler
    public ChatChange handle(UnblockLearner command) {
        String other = otherMember(command.blockerId());
        if (blocks.contains(command.blockerId() + ">" + other)) {
            apply(new LearnerUnblocked(conversationId, command.blockerId(), other, command.at()));
        }
        return new ChatChange(conversationId, 0);
    }

    @CommandHandler
    public ChatChange handle(HideMessage command) {
        String reason = ForumRules.reason(command.reason());
        mustHaveMessage(command.seq());
        if (!hidden.contains(command.seq())) {
            apply(new MessageHidden(conversationId, command.seq(), command.adminId(), reason, command.at()));
        }
        return new ChatChange(conversationId, command.seq());
    }

    /** Undoes a hide; unhiding a message that is not hidden is a 409, not a no-op. */
    @CommandHandler
    public ChatChange handle(UnhideMessage command) {
        String reason = ForumRules.reason(command.reason());
        mustHaveMessage(command.seq());
        if (!hidden.contains(command.seq())) {
            throw new Rejection(Rejection.Kind.CONFLICT, "message-not-hidden", "Message not hidden",
                    "Message " + command.seq() + " is not hidden; there is nothing to unhide.");
        }
        apply(new MessageUnhidden(conversationId, command.seq(), command.adminId(), reason, command.at()));
        return new ChatChange(conversationId, command.seq());
    }

    private void mustHaveMessage(long seq) {
        if (seq < 1 || seq > lastSeq) {
            throw Rejection.notFound("unknown-message", "There is no message " + seq + " in this conversation.");
        }
    }

    private void startDirect(String id, String starter, ChatRules rules, java.time.Instant at) {
        String[] pair = id != null && id.startsWith(ChatRules.DIRECT) ? id.substring(ChatRules.DIRECT.length()).split("_")
                : new String[0];
        if (pair.length != 2 || !ChatRules.directId(pair[0], pair[1]).equals(id) || pair[0].equals(pair[1])) {
            throw Rejection.notFound("unknown-conversation", "There is no conversation '" + id + "'.");
        }
        if (!pair[0].equals(starter) && !pair[1].equals(starter)) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "not-a-member", "Not a member",
                    "Only its two learners can start a direct conversation.");
        }
        String other = pair[0].equals(starter) ? pair[1] : pair[0];
        if (!rules.learnerExists(other)) {
            throw Rejection.notFound("unknown-learner", "There is no learner '" + other + "'.");
        }
        apply(new ConversationStarted(id, "direct", null, List.of(pair[0], pair[1]), at));
    }

    private String otherMember(String learnerId) {
        if (!"direct".equals(kind) || !members.contains(learnerId)) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "not-a-member", "Not a member",
                    "Only the members of a direct conversation can block each other.");
        }
        return members.stream().filter(m -> !m.equals(learnerId)).findFirst().orElseThrow();
    }

    @EventSourcingHandler
    void on(ConversationStarted event) {
        conversationId = event.conversationId();
        kind = event.kind();
        members.addAll(event.memberIds());
    }

    @EventSourcingHandler
    void on(RoomJoined event) {
        members.add(event.learnerId());
    }

    @EventSourcingHandler
    void on(MessageSent event) {
        lastSeq = event.seq();
    }

    @EventSourcingHandler
    void on(LearnerBlocked event) {
        blocks.add(event.blockerId() + ">" + event.blockedId());
    }

    @EventSourcingHandler
    void on(LearnerUnblocked event) {
        blocks.remove(event.blockerId() + ">" + event.blockedId());
    }

    @EventSourcingHandler
    void on(MessageHidden event) {
        hidden.add(event.seq());
    }

    @EventSourcingHandler
    void on(MessageUnhidden event) {
        hidden.remove(event.seq());
    }
}
