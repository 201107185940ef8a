package dev.pylearn.infra.forum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The forum over HTTP, against the real PostgreSQL and Redis: every rule and every refusal. */
class ForumApiTest extends ForumTest {

    private JsonNode thread(String thread) {
        Api.Response page = api.get("/api/forum/threads/" + thread, null);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.json();
    }

    @Test
    void aThreadShowsItsPostsInOrderWithAuthorsAndRenderedMarkdown() {
        Learner ann = register();
        Learner bob = register();
        String category = category();
        String thread = startThread(ann, category, "How do loops work?", "I tried `for i in range(3)` and **nothing**.");
        reply(bob, thread, "Indent the body:\n\n```python\nfor i in range(3):\n    print(i)\n```");

        JsonNode page = thread(thread);
        assertThat(page.get("title").asString()).isEqualTo("How do loops work?");
        assertThat(page.get("postCount").asInt()).isEqualTo(2);
        JsonNode posts = page.get("posts");
        assertThat(posts.size()).isEqualTo(2);
        assertThat(posts.get(0).get("authorName").asString()).isEqualTo("Test " + ann.username());
        assertThat(posts.get(0).get("html").asString()).contains("<code>for i in range(3)</code>")
                .contains("<strong>nothing</strong>");
        assertThat(posts.get(1).get("authorName").asString()).isEqualTo("Test " + bob.username());
        assertThat(posts.get(1).get("html").asString()).contains("<pre><code class=\"language-python\">");

        JsonNode categoryPage = api.get("/api/forum/categories/" + category, null).json();
        assertThat(categoryPage.get("category").get("threadCount").asInt()).isEqualTo(1);
        assertThat(categoryPage.get("category").get("postCount").asInt()).isEqualTo(2);
        assertThat(categoryPage.get("threads").get(0).get("threadId").asString()).isEqualTo(thread);
        assertThat(categoryPage.get("threads").get(0).get("postCount").asInt()).isEqualTo(2);
        assertThat(api.get("/api/forum/categories", null).text()).contains(category);
    }

    @Test
    void categoryAndThreadPagesAreKeysetPagedAndRefuseMalformedCursors() {
        Learner ann = register();
        Learner bob = register();
        String category = category();
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(startThread(i % 2 == 0 ? ann : bob, category, "Thread " + i, "Body " + i));
        }
        // a reply moves the oldest thread to the top
        reply(bob, threads.get(0), "bump");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/api/forum/categories/" + category + "?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("threads").forEach(t -> seen.add(t.get("threadId").asString()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).containsExactly(threads.get(0), threads.get(2), threads.get(1));

        String thread = threads.get(1);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            written.add(reply(i % 2 == 0 ? ann : bob, thread, "reply " + i));
        }
        JsonNode first = api.get("/api/forum/threads/" + thread + "?limit=3", null).json();
        JsonNode second = api.get("/api/forum/threads/" + thread + "?limit=3&cursor="
                + first.get("nextCursor").asString(), null).json();
        List<String> posts = new ArrayList<>();
        first.get("posts").forEach(p -> posts.add(p.get("postId").asString()));
        second.get("posts").forEach(p -> posts.add(p.get("postId").asString()));
        assertThat(posts.subList(1, 5)).containsExactlyElementsOf(written);
        assertThat(second.get("nextCursor").isNull()).isTrue();

        for (String bad : new String[] {"nonsense", "bm90LWEtY3Vyc29y", "%00", "MTIzNA", "eHh4fHl5eQ"}) {
            assertProblem(api.get("/api/forum/threads/" + thread + "?cursor=" + bad, null), 400, "malformed-cursor");
            assertProblem(api.get("/api/forum/categories/" + category + "?cursor=" + bad, null), 400,
                    "malformed-cursor");
            assertProblem(api.get("/api/forum/search?q=reply&cursor=" + bad, null), 400, "malformed-cursor");
        }
    }

    @Test
    void everyLessonAndChallengeHasADiscussionOpenedByItsFirstReply() {
        Learner ann = register();
        // the tests share one database: a lesson whose discussion nobody has opened yet
        String lesson = lessonsOf("python-basics").stream()
                .filter(id -> !thread("lesson-" + id).get("exists").asBoolean()).reduce((a, b) -> b).orElseThrow();
        JsonNode before = thread("lesson-" + lesson);
        assertThat(before.get("exists").asBoolean()).isFalse();
        assertThat(before.get("title").asString()).startsWith("Lesson: ");
        reply(ann, "lesson-" + lesson, "Is `print` a function?");
        JsonNode after = thread("lesson-" + lesson);
        assertThat(after.get("exists").asBoolean()).isTrue();
        assertThat(after.get("subjectKind").asString()).isEqualTo("lesson");
        assertThat(after.get("posts").get(after.get("posts").size() - 1).get("markdown").asString())
                .isEqualTo("Is `print` a function?");

        String challenge = api.get("/api/challenges", null).json().valueStream().map(c -> c.get("challengeId").asString())
                .filter(id -> !thread("challenge-" + id).get("exists").asBoolean()).reduce((a, b) -> b).orElseThrow();
        assertThat(thread("challenge-" + challenge).get("title").asString()).startsWith("Challenge: ");
        reply(ann, "challenge-" + challenge, "Hint please");
        assertThat(thread("challenge-" + challenge).get("exists").asBoolean()).isTrue();

        assertProblem(api.get("/api/forum/threads/lesson-no-such-lesson", null), 404, "unknown-thread");
        assertProblem(api.get("/api/forum/threads/" + UUID.randomUUID(), null), 404, "unknown-thread");
        assertProblem(api.post("/api/forum/threads/lesson-no-such-lesson/posts", ann.token(), Map.of("body", "hi")),
                404, "unknown-thread");
        assertProblem(api.post("/api/forum/threads/" + ann.learnerId() + "/posts", ann.token(), Map.of("body", "hi")),
                404, "unknown-thread");
        assertProblem(api.get("/api/forum/categories/no-such-category", null), 404, "unknown-category");
        assertProblem(api.post("/api/forum/categories/no-such-category/threads", ann.token(),
                Map.of("title", "t", "body", "b")), 404, "unknown-category");
        assertThat(jdbc.sql("SELECT count(*) FROM forum_thread WHERE thread_id = 'lesson-no-such-lesson'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void authorsEditAndDeleteTheirOwnPostsOnlyAndEditsAreKeptAsEvents() {
        Learner ann = register();
        Learner bob = register();
        String thread = startThread(ann, category(), "Editing", "first text");
        String post = thread(thread).get("posts").get(0).get("postId").asString();

        assertProblem(api.put("/api/forum/posts/" + post, bob.token(), Map.of("body", "vandalized")), 403,
                "not-your-post");
        assertProblem(api.delete("/api/forum/posts/" + post, bob.token()), 403, "not-your-post");
        assertThat(thread(thread).get("posts").get(0).get("markdown").asString()).isEqualTo("first text");

        Api.Response edited = api.put("/api/forum/posts/" + post, ann.token(), Map.of("body", "second *text*"));
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        JsonNode shown = thread(thread).get("posts").get(0);
        assertThat(shown.get("markdown").asString()).isEqualTo("second *text*");
        assertThat(shown.get("html").asString()).contains("<em>text</em>");
        assertThat(shown.get("editedAt").isNull()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type IN ('dev.pylearn.api.forum.PostWritten', 'dev.pylearn.api.forum.PostEdited')")
                .param(post).query(Long.class).single()).isEqualTo(2);

        assertThat(api.delete("/api/forum/posts/" + post, ann.token()).status()).isEqualTo(204);
        shown = thread(thread).get("posts").get(0);
        assertThat(shown.get("deleted").asBoolean()).isTrue();
        assertThat(shown.get("markdown").isNull()).isTrue();
        assertThat(shown.get("html").isNull()).isTrue();
        assertProblem(api.put("/api/forum/posts/" + post, ann.token(), Map.of("body", "back")), 409, "post-deleted");
        assertProblem(api.put("/api/forum/posts/" + UUID.randomUUID(), ann.token(), Map.of("body", "x")), 404,
                "unknown-post");
        assertProblem(api.put("/api/forum/posts/" + thread, ann.token(), Map.of("body", "x")), 404, "unknown-post");
        assertProblem(api.delete("/api/forum/posts/" + UUID.randomUUID(), ann.token()), 404, "unknown-post");
    }

    @Test
    void emptyAndOversizedPostsAreRefusedAndChangeNothing() {
        Learner ann = register();
        String category = category();
        String thread = startThread(ann, category, "Sizes", "ok");
        for (String empty : new String[] {"", "   ", "\n\n"}) {
            assertProblem(api.post("/api/forum/threads/" + thread + "/posts", ann.token(), Map.of("body", empty)), 400,
                    "empty-post");
        }
        assertProblem(api.post("/api/forum/threads/" + thread + "/posts", ann.token(), "{}"), 400, "empty-post");
        assertProblem(api.post("/api/forum/threads/" + thread + "/posts", ann.token(),
                Map.of("body", "x".repeat(10_001))), 413, "post-too-long");
        assertProblem(api.post("/api/forum/categories/" + category + "/threads", ann.token(),
                Map.of("title", " ", "body", "b")), 400, "invalid-title");
        assertProblem(api.post("/api/forum/categories/" + category + "/threads", ann.token(),
                Map.of("title", "t".repeat(151), "body", "b")), 400, "invalid-title");
        assertProblem(api.post("/api/forum/threads/" + thread + "/posts", null, Map.of("body", "anonymous")), 401,
                "authentication-required");
        assertThat(thread(thread).get("postCount").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM forum_thread WHERE category_id = ?").param(category)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void adminsLockThreadsHidePostsAndSuspendLearnersWithAReasonTheLearnerIsShown() {
        Learner ann = register();
        Learner bob = register();
        String thread = startThread(ann, category(), "Moderated", "hello");
        String rude = reply(bob, thread, "something rude");

        assertProblem(api.post("/api/admin/forum/posts/" + rude + "/hide", bob.token(), Map.of("reason", "x")), 403,
                "forbidden");
        assertProblem(api.post("/api/admin/forum/posts/" + rude + "/hide", adminToken(), Map.of("reason", " ")), 400,
                "invalid-reason");
        assertThat(api.post("/api/admin/forum/posts/" + rude + "/hide", adminToken(),
                Map.of("reason", "Be kind to each other.")).status()).isEqualTo(204);
        JsonNode hidden = thread(thread).get("posts").get(1);
        assertThat(hidden.get("hidden").asBoolean()).isTrue();
        assertThat(hidden.get("hideReason").asString()).isEqualTo("Be kind to each other.");
        assertThat(hidden.get("markdown").isNull()).isTrue();
        assertProblem(api.put("/api/forum/posts/" + rude, bob.token(), Map.of("body", "nicer")), 409, "post-hidden");

        assertThat(api.post("/api/admin/forum/threads/" + thread + "/lock", adminToken(),
                Map.of("reason", "Answered; see the lesson.")).status()).isEqualTo(204);
        JsonNode locked = thread(thread);
        assertThat(locked.get("locked").asBoolean()).isTrue();
        assertThat(locked.get("lockReason").asString()).isEqualTo("Answered; see the lesson.");
        Api.Response refused = api.post("/api/forum/threads/" + thread + "/posts", ann.token(), Map.of("body", "more"));
        assertProblem(refused, 409, "thread-locked");
        assertThat(refused.json().get("detail").asString()).contains("Answered; see the lesson.");
        assertThat(thread(thread).get("postCount").asInt()).isEqualTo(2);
        assertProblem(api.post("/api/admin/forum/threads/" + UUID.randomUUID() + "/lock", adminToken(),
                Map.of("reason", "x")), 404, "unknown-thread");
        assertProblem(api.post("/api/admin/forum/posts/" + UUID.randomUUID() + "/hide", adminToken(),
                Map.of("reason", "x")), 404, "unknown-post");

        String open = startThread(ann, category(), "Open", "still open");
        String until = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertProblem(api.put("/api/admin/learners/" + bob.learnerId() + "/forum-suspension", adminToken(),
                Map.of("until", "tomorrow", "reason", "x")), 400, "invalid-suspension-end");
        assertProblem(api.put("/api/admin/learners/" + bob.learnerId() + "/forum-suspension", adminToken(),
                Map.of("until", "2020-01-01T00:00:00Z", "reason", "x")), 400, "invalid-suspension-end");
        assertProblem(api.put("/api/admin/learners/" + UUID.randomUUID() + "/forum-suspension", adminToken(),
                Map.of("until", until, "reason", "x")), 404, "unknown-learner");
        assertThat(api.put("/api/admin/learners/" + bob.learnerId() + "/forum-suspension", adminToken(),
                Map.of("until", until, "reason", "Spam in three threads.")).status()).isEqualTo(204);
        Api.Response suspended = api.post("/api/forum/threads/" + open + "/posts", bob.token(), Map.of("body", "spam"));
        assertProblem(suspended, 403, "forum-suspended");
        assertThat(suspended.json().get("detail").asString()).contains("Spam in three threads.").contains(until);
        assertThat(thread(open).get("postCount").asInt()).isEqualTo(1);
        // others still post
        reply(ann, open, "I can still post");
    }

    /** An undo of moderation is the admin's (403), needs a reason (400), and names something that exists (404). */
    private void undoIsRefused(String path, Learner learner, String unknownPath, String unknownType) {
        assertProblem(api.post(path, learner.token(), Map.of("reason", "mine")), 403, "forbidden");
        assertProblem(api.post(path, adminToken(), Map.of("reason", " ")), 400, "invalid-reason");
        assertProblem(api.post(unknownPath, adminToken(), Map.of("reason", "x")), 404, unknownType);
    }

    @Test
    void adminsUnlockALockedThreadWithAReasonShownOnItAndItTakesRepliesAgain() {
        Learner ann = register();
        String thread = startThread(ann, category(), "Unlock me", "hello");
        String unlock = "/api/admin/forum/threads/" + thread + "/unlock";

        assertProblem(api.post(unlock, adminToken(), Map.of("reason", "Nothing to unlock")), 409, "thread-not-locked");
        assertThat(api.post("/api/admin/forum/threads/" + thread + "/lock", adminToken(),
                Map.of("reason", "Heated.")).status()).isEqualTo(204);
        undoIsRefused(unlock, ann, "/api/admin/forum/threads/" + UUID.randomUUID() + "/unlock", "unknown-thread");
        assertThat(thread(thread).get("locked").asBoolean()).isTrue();

        assertThat(api.post(unlock, adminToken(), Map.of("reason", "Calmer now; carry on.")).status()).isEqualTo(204);
        JsonNode unlocked = thread(thread);
        assertThat(unlocked.get("locked").asBoolean()).isFalse();
        assertThat(unlocked.get("lockReason").isNull()).isTrue();
        assertThat(unlocked.get("unlockReason").asString()).isEqualTo("Calmer now; carry on.");
        reply(ann, thread, "thanks");
        assertThat(thread(thread).get("postCount").asInt()).isEqualTo(2);
        assertProblem(api.post(unlock, adminToken(), Map.of("reason", "again")), 409, "thread-not-locked");
    }

    @Test
    void adminsUnhideAHiddenPostWithAReasonShownWithIt() {
        Learner ann = register();
        Learner bob = register();
        String thread = startThread(ann, category(), "Unhide", "hello");
        String post = reply(bob, thread, "misread as rude");
        String unhide = "/api/admin/forum/posts/" + post + "/unhide";

        assertProblem(api.post(unhide, adminToken(), Map.of("reason", "Fine")), 409, "post-not-hidden");
        assertThat(api.post("/api/admin/forum/posts/" + post + "/hide", adminToken(),
                Map.of("reason", "Rude.")).status()).isEqualTo(204);
        undoIsRefused(unhide, bob, "/api/admin/forum/posts/" + UUID.randomUUID() + "/unhide", "unknown-post");
        assertThat(thread(thread).get("posts").get(1).get("hidden").asBoolean()).isTrue();

        assertThat(api.post(unhide, adminToken(), Map.of("reason", "It was a joke between friends.")).status())
                .isEqualTo(204);
        JsonNode shown = thread(thread).get("posts").get(1);
        assertThat(shown.get("hidden").asBoolean()).isFalse();
        assertThat(shown.get("hideReason").isNull()).isTrue();
        assertThat(shown.get("unhideReason").asString()).isEqualTo("It was a joke between friends.");
        assertThat(shown.get("markdown").asString()).isEqualTo("misread as rude");
        // the author may edit it again
        assertThat(api.put("/api/forum/posts/" + post, bob.token(), Map.of("body", "clearer")).status()).isEqualTo(200);
        assertProblem(api.post(unhide, adminToken(), Map.of("reason", "again")), 409, "post-not-hidden");
    }

    @Test
    void adminsLiftASuspensionBeforeItEndsAndTheLearnerPostsAgain() {
        Learner ann = register();
        Learner bob = register();
        String thread = startThread(ann, category(), "Lift", "hello");
        String lift = "/api/admin/learners/" + bob.learnerId() + "/forum-suspension/lift";

        assertProblem(api.post(lift, adminToken(), Map.of("reason", "Appeal")), 409, "not-suspended");
        String until = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(api.put("/api/admin/learners/" + bob.learnerId() + "/forum-suspension", adminToken(),
                Map.of("until", until, "reason", "Spam.")).status()).isEqualTo(204);
        undoIsRefused(lift, bob, "/api/admin/learners/" + UUID.randomUUID() + "/forum-suspension/lift",
                "unknown-learner");
        assertProblem(api.post("/api/forum/threads/" + thread + "/posts", bob.token(), Map.of("body", "hi")), 403,
                "forum-suspended");

        assertThat(api.post(lift, adminToken(), Map.of("reason", "Appeal accepted.")).status()).isEqualTo(204);
        reply(bob, thread, "back again");
        assertThat(thread(thread).get("postCount").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type = 'dev.pylearn.api.forum.ForumSuspensionLifted'"
                        + " AND convert_from(payload, 'UTF8') LIKE '%Appeal accepted.%'")
                .param(bob.learnerId()).query(Long.class).single()).isEqualTo(1);
        assertProblem(api.post(lift, adminToken(), Map.of("reason", "again")), 409, "not-suspended");
    }

    @Test
    void postsOfALockedThreadCannotBeEditedOrDeletedAndASuspendedAuthorCannotEdit() {
        Learner ann = register();
        String thread = startThread(ann, category(), "Frozen", "as it was");
        String post = thread(thread).get("posts").get(0).get("postId").asString();
        assertThat(api.post("/api/admin/forum/threads/" + thread + "/lock", adminToken(),
                Map.of("reason", "Archived.")).status()).isEqualTo(204);

        Api.Response edit = api.put("/api/forum/posts/" + post, ann.token(), Map.of("body", "rewritten"));
        assertProblem(edit, 409, "thread-locked");
        assertThat(edit.json().get("detail").asString()).contains("Archived.");
        assertProblem(api.delete("/api/forum/posts/" + post, ann.token()), 409, "thread-locked");
        JsonNode unchanged = thread(thread).get("posts").get(0);
        assertThat(unchanged.get("markdown").asString()).isEqualTo("as it was");
        assertThat(unchanged.get("deleted").asBoolean()).isFalse();
        assertThat(unchanged.get("editedAt").isNull()).isTrue();

        // unlocked, the author edits again; suspended, not
        assertThat(api.post("/api/admin/forum/threads/" + thread + "/unlock", adminToken(),
                Map.of("reason", "Reopened.")).status()).isEqualTo(204);
        String until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(api.put("/api/admin/learners/" + ann.learnerId() + "/forum-suspension", adminToken(),
                Map.of("until", until, "reason", "Cooling off.")).status()).isEqualTo(204);
        Api.Response suspended = api.put("/api/forum/posts/" + post, ann.token(), Map.of("body", "rewritten"));
        assertProblem(suspended, 403, "forum-suspended");
        assertThat(suspended.json().get("detail").asString()).contains("Cooling off.");
        assertThat(thread(thread).get("posts").get(0).get("markdown").asString()).isEqualTo("as it was");
        assertThat(api.post("/api/admin/learners/" + ann.learnerId() + "/forum-suspension/lift", adminToken(),
                Map.of("reason", "Done.")).status()).isEqualTo(204);
        assertThat(api.put("/api/forum/posts/" + post, ann.token(), Map.of("body", "rewritten")).status())
                .isEqualTo(200);
        assertThat(thread(thread).get("posts").get(0).get("markdown").asString()).isEqualTo("rewritten");
    }

    @Test
    void postingIsRateLimitedPerLearner() {
        Learner ann = register();
        Learner bob = register();
        long started = System.nanoTime();
        String thread = startThread(ann, category(), "Busy", "first");
        // a bucket of 10 refilled evenly over a minute: the burst is refused after about 10
        Api.Response refused = null;
        int accepted = 1;
        while (refused == null && accepted < 40) {
            Api.Response sent = api.post("/api/forum/threads/" + thread + "/posts", ann.token(),
                    Map.of("body", "post " + accepted));
            if (sent.status() == 201) {
                accepted++;
            } else {
                refused = sent;
            }
        }
        assertProblem(refused, 429, "too-many-posts");
        assertThat(refused.header("Retry-After")).isNotBlank();
        // the bucket's 10, plus what it refilled while the burst ran (10 a minute)
        long refilled = (System.nanoTime() - started) * 10 / 60_000_000_000L + 1;
        assertThat(accepted).isBetween(10, 10 + (int) refilled);
        assertThat(thread(thread).get("postCount").asInt()).isEqualTo(accepted);
        reply(bob, thread, "another learner is not limited by ann's posts");
    }

    @Test
    void postsCountTowardsTheForumAchievements() {
        Learner ann = register();
        String thread = startThread(ann, category(), "My first post", "hello");
        // the count is the Learner's, in the post's own transaction; its achievements page follows
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/me/achievements", ann.token()).json()
                .get("unlocked").valueStream().anyMatch(a -> a.get("achievementId").asString().equals("first-post")));
        reply(ann, thread, "second");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                        "SELECT forum_posts FROM achievement_progress WHERE learner_id = ?")
                .param(ann.learnerId()).query(Integer.class).single() == 2);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type = 'dev.pylearn.api.forum.ForumPostCounted'")
                .param(ann.learnerId()).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type = 'dev.pylearn.api.achievement.AchievementUnlocked'"
                        + " AND convert_from(payload, 'UTF8') LIKE '%first-post%'")
                .param(ann.learnerId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void searchRanksTitlesAndPostsByRelevanceKeysetPagedAndSkipsDeletedOnes() {
        Learner ann = register();
        String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String thread = startThread(ann, category(), "About " + word, "nothing here");
        // oldest first: the dense post, then one mention in a long post, then a deleted one
        String dense = reply(ann, thread, word + " here: the " + word + " decorator wraps " + word + " functions.");
        String once = reply(ann, thread, "A long story about many other things, loops and lists and dictionaries, "
                + "where " + word + " appears once near the end of it all.");
        String gone = reply(ann, thread, "Delete me " + word);
        assertThat(api.delete("/api/forum/posts/" + gone, ann.token()).status()).isEqualTo(204);

        List<String> hits = new ArrayList<>();
        JsonNode page = api.get("/api/forum/search?q=" + word + "&limit=1", null).json();
        assertThat(page.get("hits").get(0).get("excerpt").asString()).contains("«" + word + "»");
        hits.add(hit(page.get("hits").get(0)));
        // a more relevant post written after the first page is not slipped into the later ones
        reply(ann, thread, word + " " + word + " " + word + " " + word);
        while (!page.get("nextCursor").isNull()) {
            page = api.get("/api/forum/search?q=" + word + "&limit=1&cursor=" + page.get("nextCursor").asString(), null)
                    .json();
            page.get("hits").forEach(h -> hits.add(hit(h)));
        }
        // by relevance, not by time: the newest post mentions the word once in many words
        assertThat(hits).containsExactly("post:" + dense, "thread:" + thread, "post:" + once);
        assertThat(api.get("/api/forum/search?q=" + word, null).json().get("hits").size()).isEqualTo(4);

        String category = api.get("/api/forum/threads/" + thread + "?limit=1", null).json().get("nextCursor").asString();
        assertProblem(api.get("/api/forum/search?q=" + word + "&cursor=" + category, null), 400, "malformed-cursor");
        assertProblem(api.get("/api/forum/search?q=", null), 400, "invalid-search");
        assertProblem(api.get("/api/forum/search", null), 400, "invalid-search");
        assertProblem(api.get("/api/forum/search?q=" + "a".repeat(201), null), 400, "invalid-search");
    }

    private static String hit(JsonNode hit) {
        return hit.get("postId").isNull() ? "thread:" + hit.get("threadId").asString()
                : "post:" + hit.get("postId").asString();
    }

    @Test
    void onlyAdminsCreateCategoriesOnce() {
        Learner ann = register();
        assertProblem(api.post("/api/admin/forum/categories", ann.token(), Map.of("categoryId", "mine", "title", "M")),
                403, "forbidden");
        String id = category();
        assertProblem(api.post("/api/admin/forum/categories", adminToken(), Map.of("categoryId", id, "title", "Again")),
                409, "category-exists");
        assertProblem(api.post("/api/admin/forum/categories", adminToken(), Map.of("categoryId", "Bad Id!", "title", "x")),
                400, "invalid-category-id");
        assertThat(api.get("/api/forum/categories/" + id, null).json().get("category").get("title").asString())
                .isEqualTo("Category " + id);
    }
}
