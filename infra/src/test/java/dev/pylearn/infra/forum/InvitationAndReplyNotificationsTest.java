package dev.pylearn.infra.forum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A battle invitation and a forum reply reach the learner they concern, once, in their notification
 * list (the test platform has no SMTP server, so notifications stay in the app); nobody is told of
 * their own reply.
 */
class InvitationAndReplyNotificationsTest extends ForumTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore events;

    private List<JsonNode> notifications(Learner learner, String kind) {
        Api.Response list = api.get("/api/me/notifications", learner.token());
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        list.json().get("notifications").forEach(n -> {
            if (n.get("kind").asString().equals(kind)) {
                found.add(n);
            }
        });
        return found;
    }

    @Test
    void theStarterOfAThreadIsToldOfEachReplyFromSomeoneElse() {
        Learner ann = register();
        Learner bob = register();
        String thread = startThread(ann, category(), "Why is my loop endless?", "`while True:` never stops.");
        reply(ann, thread, "Also, `break` did not help.");
        String post = reply(bob, thread, "Put the `break` inside the `if`.");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications(ann, "forum-reply"))
                .singleElement().satisfies(n -> {
                    assertThat(n.get("periodKey").asString()).isEqualTo(post);
                    assertThat(n.get("subject").asString()).isEqualTo("New reply to \"Why is my loop endless?\"");
                    assertThat(n.get("body").asString()).contains("Test " + bob.username())
                            .contains("/forum/threads/" + thread);
                }));
        assertThat(notifications(bob, "forum-reply")).isEmpty();
    }

    @Test
    void aChallengedLearnerIsInvitedOnce() {
        Learner ann = register();
        Learner carol = register();
        Api.Response requested = api.post("/api/battles", ann.token(), Map.of("opponent", carol.username()));
        assertThat(requested.status()).as(requested.text()).isIn(201, 202);
        String battleId = requested.json().get("battleId").asString();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications(carol, "battle-invitation"))
                .singleElement().satisfies(n -> {
                    assertThat(n.get("periodKey").asString()).isEqualTo(battleId);
                    assertThat(n.get("subject").asString())
                            .isEqualTo("Test " + ann.username() + " challenges you to a coding battle");
                    assertThat(n.get("body").asString()).contains("/battles/" + battleId).contains("Accept or decline");
                }));
        assertThat(notifications(ann, "battle-invitation")).isEmpty();
        // the challenge is declined: no further invitation
        assertThat(api.post("/api/battles/" + battleId + "/decline", carol.token(), Map.of()).status()).isLessThan(300);
        assertThat(notifications(carol, "battle-invitation")).hasSize(1);
    }

    /**
     * Nothing is ever sent on replay, because the notifications processor cannot be replayed: every
     * handler on it is {@code @DisallowReplay}, so Axon refuses to reset its tokens, and the admin API
     * (which replays projections only) answers with a problem. It keeps running and sends nothing twice.
     */
    @Test
    void theNotificationsProcessorCannotBeReplayedSoNothingIsSentAgain() {
        StreamingEventProcessor notifications = processing.eventProcessor(
                dev.pylearn.api.names.ProcessingGroups.NOTIFICATIONS, StreamingEventProcessor.class).orElseThrow();
        assertThat(notifications.supportsReset()).isFalse();
        Api.Response replay = api.post("/api/admin/projections/notifications/replay", adminToken(), Map.of());
        assertThat(replay.status()).as(replay.text()).isBetween(400, 499);
        assertThat(replay.isProblem()).isTrue();
        assertThat(notifications.isRunning()).isTrue();

        Learner ann = register();
        Learner bob = register();
        String thread = startThread(ann, category(), "Replay me", "Does a replay mail me twice?");
        reply(bob, thread, "It should not.");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications(ann, "forum-reply"))
                .hasSize(1));
        TrackingToken head = events.createHeadToken();
        await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(notifications, head));
        assertThat(notifications(ann, "forum-reply")).hasSize(1);
    }

    @Test
    void aSuspendedLearnerIsToldWhyAndAgainWhenTheSuspensionIsLifted() {
        Learner bob = register();
        String until = java.time.Instant.now().plus(3, java.time.temporal.ChronoUnit.DAYS)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        assertThat(api.put("/api/admin/learners/" + bob.learnerId() + "/forum-suspension", adminToken(),
                Map.of("until", until, "reason", "Spam in three threads.")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications(bob, "forum-moderation"))
                .singleElement().satisfies(n -> assertThat(n.get("body").asString())
                        .contains("Spam in three threads.").contains(until)));
        assertThat(api.post("/api/admin/learners/" + bob.learnerId() + "/forum-suspension/lift", adminToken(),
                Map.of("reason", "Appeal accepted.")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(notifications(bob, "forum-moderation"))
                .anySatisfy(n -> {
                    assertThat(n.get("subject").asString()).isEqualTo("You may post in the forum again");
                    assertThat(n.get("body").asString()).contains("Appeal accepted.");
                }).hasSize(2));
    }
}
