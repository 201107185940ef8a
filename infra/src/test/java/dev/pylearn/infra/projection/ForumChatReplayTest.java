package dev.pylearn.infra.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Replaying the forum and chat projections from the event store rebuilds exactly the read models they had. */
class ForumChatReplayTest extends PlatformTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Test
    void replayingTheForumAndChatProjectionsGivesIdenticalReadModels() {
        Learner ann = register();
        Learner bob = register();
        String category = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/admin/forum/categories", adminToken(), Map.of("categoryId", category, "title", "Replay"))
                .status()).isEqualTo(201);
        String thread = api.post("/api/forum/categories/" + category + "/threads", ann.token(),
                Map.of("title", "Replay me", "body", "first *post*")).json().get("threadId").asString();
        String reply = api.post("/api/forum/threads/" + thread + "/posts", bob.token(), Map.of("body", "a reply"))
                .json().get("postId").asString();
        api.put("/api/forum/posts/" + reply, bob.token(), Map.of("body", "an edited reply"));
        String gone = api.post("/api/forum/threads/" + thread + "/posts", ann.token(), Map.of("body", "to delete"))
                .json().get("postId").asString();
        api.delete("/api/forum/posts/" + gone, ann.token());
        api.post("/api/admin/forum/posts/" + reply + "/hide", adminToken(), Map.of("reason", "replay"));
        api.post("/api/admin/forum/threads/" + thread + "/lock", adminToken(), Map.of("reason", "replay"));
        // moderation undone: a second thread locked then unlocked, the first post hidden then shown again
        String reopened = api.post("/api/forum/categories/" + category + "/threads", ann.token(),
                Map.of("title", "Reopened", "body", "hidden, then shown")).json().get("threadId").asString();
        String shown = api.get("/api/forum/threads/" + reopened, null).json().get("posts").get(0).get("postId").asString();
        api.post("/api/admin/forum/posts/" + shown + "/hide", adminToken(), Map.of("reason", "replay"));
        api.post("/api/admin/forum/posts/" + shown + "/unhide", adminToken(), Map.of("reason", "replay undone"));
        api.post("/api/admin/forum/threads/" + reopened + "/lock", adminToken(), Map.of("reason", "replay"));
        api.post("/api/admin/forum/threads/" + reopened + "/unlock", adminToken(), Map.of("reason", "replay undone"));
        api.post("/api/forum/threads/lesson-" + lessonsOf("python-basics").get(0) + "/posts", bob.token(),
                Map.of("body", "lesson question"));
        String dm = api.post("/api/chat/direct/" + bob.learnerId() + "/messages", ann.token(), Map.of("text", "hi"))
                .json().get("conversationId").asString();
        api.post("/api/chat/conversations/" + dm + "/messages", bob.token(), Map.of("text", "hello"));
        api.post("/api/chat/rooms/python-basics/members", ann.token(), null);
        api.post("/api/chat/conversations/room-python-basics/messages", ann.token(), Map.of("text", "room"));
        api.post("/api/admin/chat/conversations/" + dm + "/messages/1/hide", adminToken(), Map.of("reason", "replay"));
        api.post("/api/admin/chat/conversations/" + dm + "/messages/2/hide", adminToken(), Map.of("reason", "replay"));
        api.post("/api/admin/chat/conversations/" + dm + "/messages/2/unhide", adminToken(),
                Map.of("reason", "replay undone"));

        replayed("forum", List.of(
                "SELECT category_id, title, description, thread_count, post_count, last_activity_at FROM forum_category ORDER BY 1",
                "SELECT thread_id, category_id, subject_kind, subject_id, title, author_id, created_at, last_activity_at, "
                        + "post_count, locked, lock_reason, unlock_reason, version FROM forum_thread ORDER BY 1",
                "SELECT post_id, thread_id, author_id, markdown, html, written_at, edited_at, deleted, hidden, hide_reason, "
                        + "unhide_reason, version FROM forum_post ORDER BY 1"));
        replayed("chat", List.of(
                "SELECT conversation_id, kind, track_id, last_seq, last_message_at, started_at FROM chat_conversation ORDER BY 1",
                "SELECT conversation_id, learner_id, joined_at FROM chat_member ORDER BY 1, 2",
                "SELECT conversation_id, seq, message_id, sender_id, text, sent_at, hidden, hide_reason, unhide_reason "
                        + "FROM chat_message "
                        + "ORDER BY 1, 2"));
    }

    private void replayed(String name, List<String> tables) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        TrackingToken head = eventStore.createHeadToken();
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(processor, head));
        List<List<Map<String, Object>>> before = tables.stream().map(sql -> jdbc.sql(sql).query().listOfRows()).toList();
        assertThat(before).allSatisfy(rows -> assertThat(rows).isNotEmpty());
        stop(processor);
        processor.resetTokens();
        assertThat(jdbc.sql(tables.get(0)).query().listOfRows()).as("the reset handler cleared " + name).isEmpty();
        start(processor);
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(processor, head));
        List<List<Map<String, Object>>> after = tables.stream().map(sql -> jdbc.sql(sql).query().listOfRows()).toList();
        assertThat(after).isEqualTo(before);
    }
}
