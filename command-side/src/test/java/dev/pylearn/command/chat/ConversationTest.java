package dev.pylearn.command.chat;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.chat.BlockLearner;
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
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given/when/then for the chat's Conversation: every command, accepted and refused. */
class ConversationTest {

    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    static final String DM = ChatRules.directId("ann", "bob");
    static final ConversationStarted DIRECT = new ConversationStarted(DM, "direct", null, List.of("ann", "bob"), T0);
    static final ConversationStarted ROOM = new ConversationStarted("room-basics", "room", "basics", List.of(), T0);

    AggregateTestFixture<Conversation> fixture;
    ChatRules rules;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        rules = mock(ChatRules.class);
        when(rules.text(anyString())).thenAnswer(call -> {
            String text = call.getArgument(0);
            if (text.isBlank()) {
                throw Rejection.invalid("empty-message", "A message needs some text.");
            }
            return text.strip();
        });
        when(rules.learnerExists(anyString())).thenReturn(false);
        when(rules.learnerExists("bob")).thenReturn(true);
        when(rules.learnerExists("ann")).thenReturn(true);
        when(rules.trackExists(anyString())).thenReturn(false);
        when(rules.trackExists("basics")).thenReturn(true);
        fixture.registerInjectableResource(rules);
    }

    @Test
    void theFirstDirectMessageStartsTheConversationAsNumberOne() {
        fixture.givenNoPriorActivity()
                .when(new SendMessage(DM, "m1", "ann", " Hi Bob ", T0))
                .expectEvents(DIRECT, new MessageSent(DM, 1, "m1", "ann", "Hi Bob", T0));
    }

    @Test
    void messagesAreNumberedWithoutGaps() {
        fixture.given(DIRECT, new MessageSent(DM, 1, "m1", "ann", "Hi", T0), new MessageSent(DM, 2, "m2", "bob", "Hey", T0))
                .when(new SendMessage(DM, "m3", "bob", "How are you?", T0))
                .expectEvents(new MessageSent(DM, 3, "m3", "bob", "How are you?", T0));
    }

    @Test
    void onlyItsTwoLearnersStartADirectConversationWithSomeoneWhoExists() {
        fixture.givenNoPriorActivity().when(new SendMessage(DM, "m1", "eve", "Hi", T0))
                .expectException(Rejection.class).expectNoEvents();
    }

    @Test
    void aDirectConversationWithAnUnknownLearnerIsRefused() {
        String id = ChatRules.directId("ann", "ghost");
        fixture.givenNoPriorActivity().when(new SendMessage(id, "m1", "ann", "Hi", T0))
                .expectException(Rejection.class).expectExceptionMessage("There is no learner 'ghost'.").expectNoEvents();
    }

    @Test
    void aMalformedIdIsNoConversation() {
        fixture.givenNoPriorActivity().when(new SendMessage("dm-bob_ann", "m1", "ann", "Hi", T0))
                .expectException(Rejection.class).expectNoEvents();
    }

    @Test
    void emptyMessagesAreRefused() {
        fixture.given(DIRECT).when(new SendMessage(DM, "m1", "ann", "  ", T0))
                .expectException(Rejection.class).expectNoEvents();
    }

    @Test
    void aRateLimitedLearnerCannotSend() {
        doThrow(new Rejection(Rejection.Kind.TOO_MANY, "too-many-messages", "Too many", "wait", 2L))
                .when(rules).mayWrite("ann");
        fixture.given(DIRECT).when(new SendMessage(DM, "m1", "ann", "Hi", T0))
                .expectException(Rejection.class).expectNoEvents();
    }

    @Test
    void aBlockedLearnerCannotMessageTheBlockerUntilUnblocked() {
        fixture.given(DIRECT).when(new BlockLearner(DM, "bob", T0))
                .expectEvents(new LearnerBlocked(DM, "bob", "ann", T0));
        fixture.given(DIRECT, new LearnerBlocked(DM, "bob", "ann", T0))
                .when(new SendMessage(DM, "m1", "ann", "please", T0))
                .expectException(Rejection.class).expectExceptionMessage(
                        "This learner has blocked you; your message was not sent.")
                .expectNoEvents();
        fixture.given(DIRECT, new LearnerBlocked(DM, "bob", "ann", T0)).when(new UnblockLearner(DM, "bob", T0))
                .expectEvents(new LearnerUnblocked(DM, "bob", "ann", T0));
        fixture.given(DIRECT, new LearnerBlocked(DM, "bob", "ann", T0), new LearnerUnblocked(DM, "bob", "ann", T0))
                .when(new SendMessage(DM, "m1", "ann", "thanks", T0))
                .expectEvents(new MessageSent(DM, 1, "m1", "ann", "thanks", T0));
    }

    @Test
    void blockingSomeoneNeverTalkedToStartsTheConversationWithTheBlock() {
        fixture.givenNoPriorActivity().when(new BlockLearner(DM, "bob", T0))
                .expectEvents(DIRECT, new LearnerBlocked(DM, "bob", "ann", T0));
    }

    @Test
    void aTrackRoomIsJoinedOnceAndOnlyMembersWrite() {
        fixture.givenNoPriorActivity().when(new JoinRoom("room-basics", "ann", T0))
                .expectEvents(ROOM, new RoomJoined("room-basics", "ann", T0));
        fixture.given(ROOM, new RoomJoined("room-basics", "ann", T0)).when(new JoinRoom("room-basics", "ann", T0))
                .expectNoEvents();
        fixture.given(ROOM, new RoomJoined("room-basics", "ann", T0))
                .when(new SendMessage("room-basics", "m1", "bob", "hi", T0))
                .expectException(Rejection.class).expectExceptionMessage("Join the room before writing in it.")
                .expectNoEvents();
    }

    @Test
    void messagesToARoomThatArriveTogetherAreEachDecidedAsIfSentAloneInTheirOrder() {
        doThrow(new Rejection(Rejection.Kind.TOO_MANY, "too-many-messages", "Too many", "wait", 2L))
                .when(rules).mayWrite("cid");
        fixture.given(ROOM, new RoomJoined("room-basics", "ann", T0), new RoomJoined("room-basics", "cid", T0),
                        new MessageSent("room-basics", 1, "m1", "ann", "Hi", T0))
                .when(SendMessages.of(List.of(new SendMessage("room-basics", "m2", "ann", "first", T0),
                        new SendMessage("room-basics", "m3", "bob", "not a member", T0),
                        new SendMessage("room-basics", "m4", "cid", "too fast", T0),
                        new SendMessage("room-basics", "m5", "ann", " ", T0),
                        new SendMessage("room-basics", "m6", "ann", "second", T0))))
                .expectEvents(new MessageSent("room-basics", 2, "m2", "ann", "first", T0),
                        new MessageSent("room-basics", 3, "m6", "ann", "second", T0))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.contains(
                        org.hamcrest.Matchers.equalTo(new dev.pylearn.api.chat.ChatChange("room-basics", 2)),
                        rejection("not-a-member"), rejection("too-many-messages"), rejection("empty-message"),
                        org.hamcrest.Matchers.equalTo(new dev.pylearn.api.chat.ChatChange("room-basics", 3))));
    }

    @Test
    void aBatchToAnUnknownRoomIsRefusedWhole() {
        fixture.givenNoPriorActivity()
                .when(SendMessages.of(List.of(new SendMessage("room-nope", "m1", "ann", "hi", T0),
                        new SendMessage("room-nope", "m2", "bob", "hi", T0))))
                .expectException(Rejection.class).expectNoEvents();
    }

    /** The answer of one refused message of a batch: its rejection, of this type. */
    private static org.hamcrest.Matcher<Object> rejection(String type) {
        return new org.hamcrest.FeatureMatcher<Object, String>(org.hamcrest.Matchers.equalTo(type), "a rejection of type",
                "type") {
            @Override
            protected String featureValueOf(Object actual) {
                return actual instanceof Rejection rejection ? rejection.type() : null;
            }
        };
    }

    @Test
    void thereIsNoRoomOfAnUnknownTrack() {
        fixture.givenNoPriorActivity().when(new JoinRoom("room-nope", "ann", T0))
                .expectException(Rejection.class).expectNoEvents();
    }

    @Test
    void anAdminHidesAnExistingMessageOnceWithAReason() {
        fixture.given(DIRECT, new MessageSent(DM, 1, "m1", "ann", "rude", T0))
                .when(new HideMessage(DM, 1, "admin", "Be kind", T0))
                .expectEvents(new MessageHidden(DM, 1, "admin", "Be kind", T0));
        fixture.given(DIRECT, new MessageSent(DM, 1, "m1", "ann", "rude", T0), new MessageHidden(DM, 1, "admin", "x", T0))
                .when(new HideMessage(DM, 1, "admin", "again", T0)).expectNoEvents();
        fixture.given(DIRECT, new MessageSent(DM, 1, "m1", "ann", "rude", T0))
                .when(new HideMessage(DM, 2, "admin", "Be kind", T0))
                .expectException(Rejection.class).expectNoEvents();
    }

    @Test
    void anAdminUnhidesAHiddenMessageWithAReason() {
        MessageSent sent = new MessageSent(DM, 1, "m1", "ann", "fine", T0);
        fixture.given(DIRECT, sent, new MessageHidden(DM, 1, "admin", "x", T0))
                .when(new UnhideMessage(DM, 1, "admin", " Misread it ", T0))
                .expectEvents(new MessageUnhidden(DM, 1, "admin", "Misread it", T0));
        fixture.given(DIRECT, sent, new MessageHidden(DM, 1, "admin", "x", T0), new MessageUnhidden(DM, 1, "admin", "ok", T0))
                .when(new HideMessage(DM, 1, "admin", "again after all", T0))
                .expectEvents(new MessageHidden(DM, 1, "admin", "again after all", T0));
    }

    @Test
    void cannotUnhideAMessageThatIsNotHiddenOrUnknownOrWithoutAReason() {
        MessageSent sent = new MessageSent(DM, 1, "m1", "ann", "fine", T0);
        fixture.given(DIRECT, sent).when(new UnhideMessage(DM, 1, "admin", "Fine", T0))
                .expectException(Rejection.class)
                .expectExceptionMessage("Message 1 is not hidden; there is nothing to unhide.").expectNoEvents();
        fixture.given(DIRECT, sent).when(new UnhideMessage(DM, 2, "admin", "Fine", T0))
                .expectException(Rejection.class).expectNoEvents();
        fixture.given(DIRECT, sent, new MessageHidden(DM, 1, "admin", "x", T0))
                .when(new UnhideMessage(DM, 1, "admin", " ", T0))
                .expectException(Rejection.class).expectNoEvents();
    }
}
