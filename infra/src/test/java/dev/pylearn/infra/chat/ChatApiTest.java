package dev.pylearn.infra.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The chat over HTTP and SSE against the real PostgreSQL and Redis: delivery, history, every refusal. */
class ChatApiTest extends PlatformTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    final HttpClient http = HttpClient.newHttpClient();

    private long send(Learner from, String conversation, String text) {
        Api.Response sent = api.post("/api/chat/conversations/" + conversation + "/messages", from.token(),
                Map.of("text", text));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        return sent.json().get("seq").asLong();
    }

    private String direct(Learner from, Learner to, String text) {
        Api.Response sent = api.post("/api/chat/direct/" + to.learnerId() + "/messages", from.token(), Map.of("text", text));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        return sent.json().get("conversationId").asString();
    }

    private JsonNode conversation(Learner who, String id) {
        for (JsonNode c : api.get("/api/chat/conversations", who.token()).json()) {
            if (c.get("conversationId").asString().equals(id)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void aDirectMessageArrivesLiveAndCountsAsUnreadUntilRead() throws Exception {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "Hi Bob, stuck on loops?");
        JsonNode summary = conversation(bob, id);
        assertThat(summary.get("unread").asLong()).isEqualTo(1);
        assertThat(summary.get("title").asString()).isEqualTo("Test " + ann.username());
        assertThat(conversation(ann, id).get("unread").asLong()).isZero();

        try (SseClient stream = new SseClient(http, api, "/api/chat/conversations/" + id + "/stream", bob.token(), null)) {
            SseClient.Event first = stream.next(WAIT);
            assertThat(first.id()).isEqualTo("1");
            assertThat(first.data().get("text").asString()).isEqualTo("Hi Bob, stuck on loops?");
            assertThat(first.data().get("senderName").asString()).isEqualTo("Test " + ann.username());
            send(ann, id, "Zweite Nachricht: grüße ✓ 🐍");
            SseClient.Event live = stream.next(WAIT);
            assertThat(live.id()).isEqualTo("2");
            assertThat(live.data().get("text").asString()).isEqualTo("Zweite Nachricht: grüße ✓ 🐍");
            assertThat(stream.next(Duration.ofMillis(300))).isNull();
        }
        assertThat(conversation(bob, id).get("unread").asLong()).isEqualTo(2);
        assertThat(api.post("/api/chat/conversations/" + id + "/read", bob.token(), Map.of("seq", 2)).status())
                .isEqualTo(204);
        assertThat(conversation(bob, id).get("unread").asLong()).isZero();
        assertProblem(api.post("/api/chat/conversations/" + id + "/read", bob.token(), "{}"), 400, "invalid-seq");
        Learner eve = register();
        assertProblem(api.post("/api/chat/conversations/" + id + "/read", eve.token(), Map.of("seq", 1)), 404,
                "unknown-conversation");
    }

    /** Messages sent in a burst from two members reach a stream live, each once and in their order. */
    @Test
    void aBurstOfMessagesArrivesLiveInOrderWithNoneMissing() throws Exception {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "Ready?");
        try (SseClient stream = new SseClient(http, api, "/api/chat/conversations/" + id + "/stream", bob.token(), null)) {
            assertThat(stream.next(WAIT).id()).isEqualTo("1");
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Learner from = i % 2 == 0 ? ann : bob;
                    String text = "burst " + i;
                    sent.add(senders.submit(() -> send(from, id, text)));
                }
                for (java.util.concurrent.Future<?> each : sent) {
                    each.get();
                }
            } finally {
                senders.shutdown();
            }
            for (int seq = 2; seq <= 21; seq++) {
                SseClient.Event event = stream.next(WAIT);
                assertThat(event).as("message " + seq).isNotNull();
                assertThat(event.id()).isEqualTo(Integer.toString(seq));
            }
            assertThat(stream.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void aReconnectingMemberGetsWhatTheyMissedInOrderExactlyOnce() throws Exception {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "one");
        for (String text : List.of("two", "three", "four")) {
            send(ann, id, text);
        }
        try (SseClient stream = new SseClient(http, api, "/api/chat/conversations/" + id + "/stream", bob.token(), "2")) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SseClient.Event event = stream.next(WAIT);
                got.add(event.id() + ":" + event.data().get("text").asString());
            }
            send(bob, id, "five");
            SseClient.Event live = stream.next(WAIT);
            got.add(live.id() + ":" + live.data().get("text").asString());
            assertThat(got).containsExactly("3:three", "4:four", "5:five");
            assertThat(stream.next(Duration.ofMillis(300))).isNull();
        }
        assertProblem(api.get("/api/chat/conversations/" + id + "/stream?after=x", bob.token()), 400, "malformed-cursor");
    }

    @Test
    void trackRoomsAreJoinedAndOnlyMembersReadAndWrite() throws Exception {
        Learner ann = register();
        Learner bob = register();
        Learner eve = register();
        Api.Response joined = api.post("/api/chat/rooms/python-basics/members", ann.token(), null);
        assertThat(joined.status()).as(joined.text()).isEqualTo(200);
        String room = joined.json().get("conversationId").asString();
        assertThat(room).isEqualTo("room-python-basics");
        assertThat(api.post("/api/chat/rooms/python-basics/members", bob.token(), null).status()).isEqualTo(200);
        assertThat(api.post("/api/chat/rooms/python-basics/members", bob.token(), null).status()).isEqualTo(200);

        try (SseClient annStream = new SseClient(http, api, "/api/chat/conversations/" + room + "/stream?after="
                + lastSeq(ann, room), ann.token(), null)) {
            long seq = send(bob, room, "Hello room");
            SseClient.Event event = annStream.next(WAIT);
            assertThat(event.id()).isEqualTo(Long.toString(seq));
            assertThat(event.data().get("text").asString()).isEqualTo("Hello room");
        }
        assertProblem(api.post("/api/chat/conversations/" + room + "/messages", eve.token(), Map.of("text", "hi")), 403,
                "not-a-member");
        assertProblem(api.get("/api/chat/conversations/" + room + "/messages", eve.token()), 404, "unknown-conversation");
        assertProblem(api.get("/api/chat/conversations/" + room + "/stream", eve.token()), 404, "unknown-conversation");
        assertProblem(api.post("/api/chat/rooms/no-such-track/members", eve.token(), null), 404, "unknown-room");
        assertProblem(api.post("/api/chat/conversations/" + UUID.randomUUID() + "/messages", eve.token(),
                Map.of("text", "hi")), 404, "unknown-conversation");
        assertProblem(api.post("/api/chat/direct/" + UUID.randomUUID() + "/messages", eve.token(),
                Map.of("text", "hi")), 404, "unknown-learner");
        assertProblem(api.post("/api/chat/conversations/" + ann.learnerId() + "/messages", eve.token(),
                Map.of("text", "hi")), 404, "unknown-conversation");
    }

    /**
     * A join answers once the room is the learner's in the read model: the history and the stream asked
     * for right after it never refuse them (under load, 2 of 1,000 streams opened after a join were
     * refused 404 while the chat projection had not yet applied the join).
     */
    @Test
    void aLearnerWhoseJoinWasAnsweredReadsTheRoomAtOnce() throws Exception {
        List<Learner> learners = java.util.stream.IntStream.range(0, 16).mapToObj(i -> register()).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<int[]>> answers = new java.util.ArrayList<>();
            for (Learner learner : learners) {
                answers.add(pool.submit(() -> {
                    Api.Response joined = api.post("/api/chat/rooms/python-basics/members", learner.token(), null);
                    Api.Response history = api.get("/api/chat/conversations/room-python-basics/messages",
                            learner.token());
                    return new int[] {joined.status(), history.status()};
                }));
            }
            for (java.util.concurrent.Future<int[]> answer : answers) {
                assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("join, then history")
                        .containsExactly(200, 200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Messages sent to a room at once go through its one aggregate in batches (a group commit): each is
     * numbered once, without gaps, arrives live in its order, and a refused one among them (a learner
     * who is not a member) is refused alone and numbers nothing.
     */
    @Test
    void messagesSentToARoomAtOnceAreNumberedWithoutGapsAndARefusedOneIsRefusedAlone() throws Exception {
        List<Learner> members = java.util.stream.IntStream.range(0, 8).mapToObj(i -> register()).toList();
        for (Learner member : members) {
            assertThat(api.post("/api/chat/rooms/python-basics/members", member.token(), null).status()).isEqualTo(200);
        }
        Learner stranger = register();
        String room = "room-python-basics";
        long before = lastSeq(members.get(0), room);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try (SseClient stream = new SseClient(http, api, "/api/chat/conversations/" + room + "/stream?after=" + before,
                members.get(0).token(), null)) {
            List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Learner from = members.get(i % members.size());
                String text = "together " + i;
                answers.add(pool.submit(() -> api.post("/api/chat/conversations/" + room + "/messages", from.token(),
                        Map.of("text", text))));
                if (i == 12) {
                    answers.add(pool.submit(() -> api.post("/api/chat/conversations/" + room + "/messages",
                            stranger.token(), Map.of("text", "let me in"))));
                }
            }
            List<Long> seqs = new ArrayList<>();
            int refused = 0;
            for (java.util.concurrent.Future<Api.Response> answer : answers) {
                Api.Response response = answer.get(30, TimeUnit.SECONDS);
                if (response.status() == 403) {
                    assertProblem(response, 403, "not-a-member");
                    refused++;
                } else {
                    assertThat(response.status()).as(response.text()).isEqualTo(201);
                    seqs.add(response.json().get("seq").asLong());
                }
            }
            assertThat(refused).isEqualTo(1);
            assertThat(seqs).doesNotHaveDuplicates().hasSize(24);
            List<Long> received = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                SseClient.Event event = stream.next(WAIT);
                assertThat(event).as("message " + (i + 1) + " of 24").isNotNull();
                assertThat(event.data().get("text").asString()).startsWith("together ");
                received.add(Long.parseLong(event.id()));
            }
            List<Long> numbered = java.util.stream.LongStream.rangeClosed(before + 1, before + 24).boxed().toList();
            assertThat(seqs.stream().sorted().toList()).as("numbered without gaps").isEqualTo(numbered);
            assertThat(received).as("live, in their order").isEqualTo(numbered);
            assertThat(stream.next(Duration.ofMillis(300))).as("and nothing else").isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    private long lastSeq(Learner who, String id) {
        JsonNode c = conversation(who, id);
        return c == null ? 0 : c.get("lastSeq").asLong();
    }

    @Test
    void aBlockedLearnerCannotMessageTheBlocker() {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "hello");
        assertThat(api.put("/api/chat/blocks/" + ann.learnerId(), bob.token(), null).status()).isEqualTo(204);
        assertProblem(api.post("/api/chat/conversations/" + id + "/messages", ann.token(), Map.of("text", "please")), 403,
                "blocked");
        assertProblem(api.post("/api/chat/direct/" + bob.learnerId() + "/messages", ann.token(), Map.of("text", "x")), 403,
                "blocked");
        assertThat(api.get("/api/chat/conversations/" + id + "/messages", bob.token()).json().get("messages").size())
                .isEqualTo(1);
        assertThat(api.delete("/api/chat/blocks/" + ann.learnerId(), bob.token()).status()).isEqualTo(204);
        send(ann, id, "thanks");
        // blocking someone never talked to starts the conversation with the block
        Learner eve = register();
        assertThat(api.put("/api/chat/blocks/" + eve.learnerId(), bob.token(), null).status()).isEqualTo(204);
        assertProblem(api.post("/api/chat/direct/" + bob.learnerId() + "/messages", eve.token(), Map.of("text", "x")),
                403, "blocked");
        assertProblem(api.put("/api/chat/blocks/" + UUID.randomUUID(), bob.token(), null), 404, "unknown-learner");
    }

    @Test
    void emptyOversizedAndTooManyMessagesAreRefusedAndChangeNothing() {
        Learner ann = register();
        Learner bob = register();
        long started = System.nanoTime();
        String id = direct(ann, bob, "first");
        assertProblem(api.post("/api/chat/conversations/" + id + "/messages", ann.token(), Map.of("text", "  ")), 400,
                "empty-message");
        assertProblem(api.post("/api/chat/conversations/" + id + "/messages", ann.token(), "{}"), 400, "empty-message");
        assertProblem(api.post("/api/chat/conversations/" + id + "/messages", ann.token(),
                Map.of("text", "x".repeat(2001))), 413, "message-too-long");
        assertProblem(api.post("/api/chat/conversations/" + id + "/messages", ann.token(), Map.of("text", "a\u0000")), 400,
                "invalid-characters");
        // a bucket of 30 refilled evenly over a minute: the burst is refused after about 30
        Api.Response refused = null;
        int accepted = 1;
        while (refused == null && accepted < 80) {
            Api.Response sent = api.post("/api/chat/conversations/" + id + "/messages", ann.token(),
                    Map.of("text", "message " + accepted));
            if (sent.status() == 201) {
                accepted++;
            } else {
                refused = sent;
            }
        }
        assertProblem(refused, 429, "too-many-messages");
        assertThat(refused.header("Retry-After")).isNotBlank();
        // the bucket's 30, plus what it refilled while the burst ran (30 a minute)
        long refilled = (System.nanoTime() - started) * 30 / 60_000_000_000L + 1;
        assertThat(accepted).isBetween(30, 30 + (int) refilled);
        assertThat(conversation(bob, id).get("lastSeq").asLong()).isEqualTo(accepted);
        send(bob, id, "bob is not limited by ann");
    }

    @Test
    void historyIsKeysetPagedBackwards() {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "m1");
        for (int i = 2; i <= 5; i++) {
            send(i % 2 == 0 ? bob : ann, id, "m" + i);
        }
        List<String> texts = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/chat/conversations/" + id + "/messages?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), ann.token()).json();
            List<String> part = new ArrayList<>();
            page.get("messages").forEach(m -> part.add(m.get("text").asString()));
            texts.addAll(0, part);
            cursor = page.get("olderCursor").isNull() ? null : page.get("olderCursor").asString();
        } while (cursor != null);
        assertThat(texts).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertProblem(api.get("/api/chat/conversations/" + id + "/messages?cursor=bogus", ann.token()), 400,
                "malformed-cursor");
    }

    @Test
    void adminsHideMessagesAndMembersSeeItLive() throws Exception {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "rude words");
        try (SseClient stream = new SseClient(http, api, "/api/chat/conversations/" + id + "/stream", bob.token(), null)) {
            assertThat(stream.next(WAIT).id()).isEqualTo("1");
            assertProblem(api.post("/api/admin/chat/conversations/" + id + "/messages/1/hide", ann.token(),
                    Map.of("reason", "x")), 403, "forbidden");
            assertProblem(api.post("/api/admin/chat/conversations/" + id + "/messages/9/hide", adminToken(),
                    Map.of("reason", "x")), 404, "unknown-message");
            assertProblem(api.post("/api/admin/chat/conversations/" + id + "/messages/1/hide", adminToken(),
                    Map.of("reason", "")), 400, "invalid-reason");
            assertThat(api.post("/api/admin/chat/conversations/" + id + "/messages/1/hide", adminToken(),
                    Map.of("reason", "Keep it friendly.")).status()).isEqualTo(204);
            SseClient.Event hidden = stream.next(WAIT);
            assertThat(hidden.name()).isEqualTo("hidden");
            assertThat(hidden.data().get("seq").asLong()).isEqualTo(1);
            assertThat(hidden.data().get("hideReason").asString()).isEqualTo("Keep it friendly.");
        }
        JsonNode message = api.get("/api/chat/conversations/" + id + "/messages", bob.token()).json().get("messages").get(0);
        assertThat(message.get("hidden").asBoolean()).isTrue();
        assertThat(message.get("text").isNull()).isTrue();
        assertThat(message.get("hideReason").asString()).isEqualTo("Keep it friendly.");
    }

    @Test
    void adminsUnhideAHiddenMessageWithAReasonAndMembersSeeItLive() throws Exception {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "misread words");
        String base = "/api/admin/chat/conversations/" + id + "/messages/";
        assertProblem(api.post(base + "1/unhide", adminToken(), Map.of("reason", "Fine")), 409, "message-not-hidden");
        assertThat(api.post(base + "1/hide", adminToken(), Map.of("reason", "Rude?")).status()).isEqualTo(204);
        try (SseClient stream = new SseClient(http, api, "/api/chat/conversations/" + id + "/stream", bob.token(), null)) {
            assertThat(stream.next(WAIT).id()).isEqualTo("1");
            assertProblem(api.post(base + "1/unhide", ann.token(), Map.of("reason", "x")), 403, "forbidden");
            assertProblem(api.post(base + "9/unhide", adminToken(), Map.of("reason", "x")), 404, "unknown-message");
            assertProblem(api.post("/api/admin/chat/conversations/no-such-conversation/messages/1/unhide", adminToken(),
                    Map.of("reason", "x")), 404, "unknown-conversation");
            assertProblem(api.post(base + "1/unhide", adminToken(), Map.of("reason", "")), 400, "invalid-reason");
            assertThat(api.post(base + "1/unhide", adminToken(), Map.of("reason", "Not rude after all.")).status())
                    .isEqualTo(204);
            SseClient.Event shown = stream.next(WAIT);
            // the hide's own live push may reach this stream after its catch-up did
            while (shown != null && "hidden".equals(shown.name())) {
                shown = stream.next(WAIT);
            }
            assertThat(shown.name()).isEqualTo("shown");
            assertThat(shown.data().get("seq").asLong()).isEqualTo(1);
            assertThat(shown.data().get("text").asString()).isEqualTo("misread words");
            assertThat(shown.data().get("unhideReason").asString()).isEqualTo("Not rude after all.");
        }
        JsonNode message = api.get("/api/chat/conversations/" + id + "/messages", bob.token()).json().get("messages").get(0);
        assertThat(message.get("hidden").asBoolean()).isFalse();
        assertThat(message.get("text").asString()).isEqualTo("misread words");
        assertThat(message.get("unhideReason").asString()).isEqualTo("Not rude after all.");
        assertProblem(api.post(base + "1/unhide", adminToken(), Map.of("reason", "again")), 409, "message-not-hidden");
    }

    /** Opens a stream as a browser's EventSource would; the response as soon as its headers arrive. */
    private HttpResponse<java.util.stream.Stream<String>> openStream(String path, String token) throws Exception {
        return http.sendAsync(api.request(path, token).timeout(Duration.ofMinutes(10))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines())
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void aLearnerHoldsAtMostFiveLiveStreamsAndAClosedOneFreesItsSlot() throws Exception {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "hi");
        String path = "/api/chat/conversations/" + id + "/stream";
        List<SseClient> open = new ArrayList<>();
        List<HttpResponse<java.util.stream.Stream<String>>> reopened = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseClient stream = new SseClient(http, api, path, ann.token(), null);
                open.add(stream);
                assertThat(stream.next(WAIT).id()).as("stream " + (i + 1) + " caught up").isEqualTo("1");
            }
            HttpResponse<java.util.stream.Stream<String>> refused = openStream(path, ann.token());
            String body = String.join("\n", refused.body().toList());
            assertThat(refused.statusCode()).as(body).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(body).contains("https://pylearn.dev/problems/too-many-chat-streams").contains("At most 5");

            // another learner's streams are counted apart
            try (SseClient bobs = new SseClient(http, api, path, bob.token(), null)) {
                assertThat(bobs.next(WAIT).id()).isEqualTo("1");
            }

            // a closed stream frees its slot once the server notices, on its next write to it (a message)
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                send(bob, id, "are you there?");
                HttpResponse<java.util.stream.Stream<String>> again = openStream(path, ann.token());
                if (again.statusCode() == 200) {
                    reopened.add(again);
                    return true;
                }
                again.body().close();
                return false;
            });
            // and the cap holds again
            HttpResponse<java.util.stream.Stream<String>> full = openStream(path, ann.token());
            assertThat(full.statusCode()).isEqualTo(429);
            full.body().close();
        } finally {
            open.forEach(SseClient::close);
            reopened.forEach(r -> r.body().close());
        }
    }

    /** The conversation page's hide and unhide forms: a learner's post is refused (403) and hides nothing. */
    @Test
    void theConversationPagesModerationFormsAreForAdminsOnly() {
        Learner ann = register();
        Learner bob = register();
        String id = direct(ann, bob, "a message");
        for (String action : new String[] {"hide", "unhide"}) {
            Api.Response refused = pageForm("/chat/" + id + "/messages/1/" + action, bob.token(), "reason=mine");
            assertThat(refused.status()).as(action).isEqualTo(403);
        }
        assertThat(message(bob, id).get("hidden").asBoolean()).isFalse();
        assertThat(pageForm("/chat/" + id + "/messages/1/hide", adminToken(), "reason=Rude").status()).isEqualTo(302);
        await().atMost(WAIT).until(() -> message(bob, id).get("hidden").asBoolean());
        assertThat(pageForm("/chat/" + id + "/messages/1/unhide", adminToken(), "reason=Fine").status()).isEqualTo(302);
        await().atMost(WAIT).until(() -> !message(bob, id).get("hidden").asBoolean());
        assertThat(message(bob, id).get("unhideReason").asString()).isEqualTo("Fine");
    }

    private Api.Response pageForm(String path, String token, String form) {
        return api.send(api.request(path, token).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private JsonNode message(Learner who, String id) {
        return api.get("/api/chat/conversations/" + id + "/messages", who.token()).json().get("messages").get(0);
    }
}
