package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.BrowserTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The forum and the chat in Chromium: a learner replies in a lesson's discussion, then two learners
 * chat, each seeing the other's messages arrive live; every page checked with axe-core.
 */
class ForumChatPagesTest extends BrowserTest {

    @Test
    void aLearnerRepliesInALessonsThreadAndTwoLearnersChatLive() {
        Learner ann = register();
        Learner bob = register();
        logIn(ann.username(), PASSWORD);

        String lesson = lessonsOf("python-basics").get(0);
        open("/lessons/" + lesson);
        find("[data-discussion-link]").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/forum/threads/lesson-" + lesson));
        assertThat(text("[data-thread-title]")).startsWith("Lesson: ");
        type("body", "Why does `print` need **parentheses**? <script>alert(1)</script>");
        submit("[data-reply-form]");
        WebElement post = waitFor(d -> d.findElements(By.cssSelector("[data-post-body]")).stream()
                .filter(e -> e.getText().contains("Why does print need parentheses?")).findFirst().orElse(null));
        assertThat(post.findElement(By.tagName("strong")).getText()).isEqualTo("parentheses");
        assertThat(post.getText()).contains("<script>alert(1)</script>");
        assertThat(post.findElements(By.tagName("script"))).isEmpty();
        assertAccessible();
        screenshot("forum-thread");

        open("/forum");
        assertAccessible();
        type("q", "parentheses");
        find("form[role=search] button").click();
        waitFor(d -> d.getCurrentUrl().contains("/forum/search"));
        assertThat(text("[data-hits]")).contains("Lesson: ");
        assertAccessible();

        // Ann opens a conversation with Bob and writes; Bob, in a browser of his own, answers
        open("/chat");
        assertAccessible();
        type("username", bob.username());
        submit("form[action='/chat/direct']");
        waitFor(d -> d.getCurrentUrl().contains("/chat/dm-"));
        String conversation = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("/chat/"));
        type("text", "Hi Bob! Did you finish the loops lesson?");
        find("[data-chat-form] button[type=submit]").click();
        waitFor(d -> d.findElements(By.cssSelector("[data-messages] [data-seq='1']")).size() == 1);
        assertAccessible();

        ChromeDriver annBrowser = browser;
        ChromeDriver bobBrowser = startBrowser(false);
        try {
            browser = bobBrowser;
            logIn(bob.username(), PASSWORD);
            open("/chat");
            assertThat(text("[data-conversations]")).contains("Test " + ann.username()).contains("1 unread");
            open(conversation);
            assertThat(text("[data-messages]")).contains("Hi Bob! Did you finish the loops lesson?");
            type("text", "Yes, just now!");
            find("[data-chat-form] button[type=submit]").click();
            waitFor(d -> d.findElements(By.cssSelector("[data-messages] [data-seq='2']")).size() == 1);
            screenshot("chat-conversation");

            browser = annBrowser;
            // Ann's page shows Bob's answer without a reload, once
            waitFor(d -> d.findElements(By.cssSelector("[data-messages] [data-seq='2']")).size() == 1);
            assertThat(text("[data-messages] [data-seq='2']")).contains("Yes, just now!");
            assertThat(findAll("[data-messages] li")).hasSize(2);
        } finally {
            browser = annBrowser;
            bobBrowser.quit();
        }
    }

    /** Where hide, lock and suspend are offered, an admin undoes each; learners see the reasons. */
    @Test
    void anAdminUndoesModerationOnTheThreadPageAndLearnersSeeTheReasons() {
        Learner ann = register();
        Learner bob = register();
        String category = "undo-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/admin/forum/categories", adminToken(), Map.of("categoryId", category, "title", "Undo"))
                .status()).isEqualTo(201);
        String thread = api.post("/api/forum/categories/" + category + "/threads", ann.token(),
                Map.of("title", "Moderated", "body", "hello")).json().get("threadId").asString();
        String post = api.post("/api/forum/threads/" + thread + "/posts", bob.token(), Map.of("body", "a joke"))
                .json().get("postId").asString();
        assertThat(api.post("/api/admin/forum/posts/" + post + "/hide", adminToken(), Map.of("reason", "Rude."))
                .status()).isEqualTo(204);
        assertThat(api.post("/api/admin/forum/threads/" + thread + "/lock", adminToken(), Map.of("reason", "Heated."))
                .status()).isEqualTo(204);

        logIn("admin", ADMIN_PASSWORD);
        open("/forum/threads/" + thread);
        WebElement hidden = find("#post-" + post);
        assertThat(hidden.findElement(By.cssSelector("[data-hidden]")).getText()).contains("Rude.");
        hidden.findElement(By.tagName("summary")).click();
        type("unhide-" + post, "It was a joke.");
        submit("form[action='/forum/admin/posts/" + post + "/unhide']");
        assertThat(text("#post-" + post + " [data-unhidden]")).contains("It was a joke.");
        assertThat(text("#post-" + post + " [data-post-body]")).contains("a joke");

        type("unlock-reason", "Calmer now.");
        submit("form[action='/forum/admin/threads/" + thread + "/unlock']");
        assertThat(text("[data-unlocked]")).contains("Calmer now.");
        assertThat(findAll("[data-locked]")).isEmpty();
        assertThat(findAll("[data-reply-form]")).hasSize(1);

        // lifting a suspension that does not run: the message, nothing changed
        find("#post-" + post + " details.post-actions:last-of-type summary").click();
        type("lift-" + post, "Appeal.");
        submit("form[action='/forum/admin/learners/" + bob.learnerId() + "/suspension/lift']");
        assertThat(text("[data-error-summary]")).contains("not suspended");
        String until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(api.put("/api/admin/learners/" + bob.learnerId() + "/forum-suspension", adminToken(),
                Map.of("until", until, "reason", "Spam.")).status()).isEqualTo(204);
        open("/forum/threads/" + thread);
        find("#post-" + post + " details.post-actions:last-of-type summary").click();
        type("lift-" + post, "Appeal accepted.");
        submit("form[action='/forum/admin/learners/" + bob.learnerId() + "/suspension/lift']");
        assertThat(findAll("[data-error-summary]")).isEmpty();
        assertAccessible();
        assertThat(api.post("/api/forum/threads/" + thread + "/posts", bob.token(), Map.of("body", "back"))
                .status()).isEqualTo(201);

        // a learner sees the reasons, and no moderation controls
        logOut();
        logIn(ann.username(), PASSWORD);
        open("/forum/threads/" + thread);
        assertThat(text("[data-unlocked]")).contains("Calmer now.");
        assertThat(text("#post-" + post + " [data-unhidden]")).contains("It was a joke.");
        assertThat(findAll("form[action$='/unhide'], form[action$='/unlock'], form[action$='/lift']")).isEmpty();
    }
}
