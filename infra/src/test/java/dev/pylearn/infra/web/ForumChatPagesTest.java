package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.BrowserTest;
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
}
