package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.BrowserTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The tutor panel, the tutor pages and the notification page in a real browser, with and without JavaScript. */
class TutorPagesTest extends BrowserTest {

    @Test
    void theLessonPanelStreamsAnAnswerAndShowsTheQuestionsLeft() {
        signUp("tutor-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
        open("/lessons/hello-world");
        waitFor(d -> d.findElement(By.cssSelector("[data-tutor-remaining]")).getText().contains("Questions left today: 10"));
        type("tutor-question", "What does print do?");
        find("[data-tutor-form] button[type=submit]").click();
        waitFor(d -> d.findElement(By.cssSelector("[data-tutor-log] [data-answer]")).getText().contains("Offline tutor"));
        waitFor(d -> d.findElement(By.cssSelector("[data-tutor-remaining]")).getText().contains("Questions left today: 9"));
        assertThat(text("[data-tutor-log] .tutor-question")).isEqualTo("What does print do?");
        assertThat(text("[data-tutor-log] [data-answer]")).contains("From Lesson:");
        // once complete, the streamed text gives way to the answer's Markdown rendered as the history shows it
        waitFor(d -> !findAll("[data-tutor-log] .tutor-answer.prose p").isEmpty());
        assertThat(text("[data-tutor-log] [data-answer]")).contains("Offline tutor").contains("From Lesson:");
        assertAccessible();
        screenshot("tutor-panel");

        open("/tutor");
        assertThat(text("[data-tutor-allowance] [data-remaining]")).isEqualTo("9");
        assertThat(findAll("[data-conversations] li")).hasSize(1);
        find("[data-conversations] a").click();
        waitFor(d -> d.getCurrentUrl().contains("/tutor/conversations/"));
        assertThat(text("[data-answer]")).contains("Offline tutor");
        assertThat(findAll(".tutor-answer.prose p")).isNotEmpty();
        assertAccessible();
        screenshot("tutor-conversation");
    }

    @Test
    void withoutJavaScriptTheChallengePanelPostsAndOpensTheConversation() {
        browser.quit();
        browser = startBrowser(true);
        signUp("nojs-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
        open("/challenges/fizzbuzz");
        type("tutor-question", "Where do I start?");
        submit("[data-tutor-form]");
        assertThat(browser.getCurrentUrl()).contains("/tutor/conversations/").contains("remaining=9");
        assertThat(text("[data-tutor-allowance]")).contains("9 questions left today");
        assertThat(text("[data-answer]")).contains("Offline tutor").contains("Hints from the challenge's author");
    }

    @Test
    void theNotificationPageListsNotificationsAndSavesChoices() {
        signUp("notes-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
        // a first lesson unlocks First Steps: with no SMTP server here, it is shown on the page
        open("/lessons/hello-world");
        find("[data-complete-lesson] button[type=submit]").click();
        waitFor(d -> !d.findElement(By.cssSelector("[data-completion-result]")).getText().isBlank());
        open("/notifications");
        for (int i = 0; i < 20 && findAll("[data-notification]").isEmpty(); i++) {
            sleep();
            open("/notifications");
        }
        assertThat(text("[data-notification='achievement-unlocked']")).contains("Achievement unlocked: First Steps")
                .contains("shown here only");
        find("#kind-weekly-digest").click();
        submit("form[action='/notifications/preferences']");
        assertThat(text("[data-success]")).contains("saved");
        assertThat(find("#kind-weekly-digest").isSelected()).isFalse();
        assertThat(find("#kind-streak-at-risk").isSelected()).isTrue();
        type("email", "Ann@Example.org");
        submit("form[action='/notifications/email']");
        assertThat(text("[data-success]")).contains("address is saved");
        assertThat(find("#email").getAttribute("value")).isEqualTo("ann@example.org");
        assertAccessible();
        screenshot("notifications");
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
