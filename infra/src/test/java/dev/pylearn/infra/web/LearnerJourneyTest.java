package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.BrowserTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The whole journey of a new learner in one browser, page to page as they would go: sign up, read
 * and complete a lesson, see XP and streak on the dashboard, type a solution in the challenge's
 * editor, watch its tests pass, see the achievement and the leaderboard move, log out and back in.
 */
class LearnerJourneyTest extends BrowserTest {

    @Test
    void aNewLearnerGoesFromSignUpToASolvedChallengeAndBack() {
        String username = "journey-" + UUID.randomUUID().toString().substring(0, 8);
        signUp(username, PASSWORD);
        assertThat(text("[data-stat=xp] .stat-value")).isEqualTo("0");

        // the first lesson, from the dashboard's continue button
        find("a[data-continue]").click();
        waitFor(d -> d.getCurrentUrl().contains("/lessons/"));
        assertThat(findAll(".prose p")).isNotEmpty();
        find("form[data-complete-lesson] button").click();
        waitFor(d -> !text("[data-completion-result]").isBlank());
        assertThat(text("[data-completion-result]")).startsWith("Lesson completed: +");
        assertThat(text("[data-toasts]")).contains("Achievement unlocked");

        open("/dashboard");
        assertThat(Long.parseLong(text("[data-stat=xp] .stat-value"))).isPositive();
        assertThat(text("[data-stat=streak]")).isEqualTo("1 day streak");
        long xpAfterLesson = Long.parseLong(text("[data-stat=xp] .stat-value"));

        // a challenge, typed from the keyboard
        open("/tracks/python-basics");
        find("a[href='/challenges/greeting-card']").click();
        waitFor(d -> !d.findElements(By.cssSelector(".CodeMirror")).isEmpty());
        clearEditor();
        keys("name = input().strip()", Keys.ENTER, "age = int(input())", Keys.ENTER,
                "print(\"Hello, \" + name + \"!\")", Keys.ENTER,
                "print(\"Next year you will be \" + str(age + 1) + \".\")");
        assertThat(editorValue()).isEqualTo("""
                name = input().strip()
                age = int(input())
                print("Hello, " + name + "!")
                print("Next year you will be " + str(age + 1) + ".")""");
        find("[data-submit-button]").click();
        waitFor(d -> text("[data-verdict]").startsWith("Passed") || text("[data-verdict]").startsWith("Failed"));
        assertThat(text("[data-verdict]")).as(text("[data-outcomes]")).startsWith("Passed");
        assertThat(findAll("[data-outcomes] li.outcome"))
                .allSatisfy(row -> assertThat(row.getText()).startsWith("Passed"));
        waitFor(d -> text("[data-verdict]").contains("You earned"));
        screenshot("journey-challenge-passed");

        open("/dashboard");
        assertThat(Long.parseLong(text("[data-stat=xp] .stat-value"))).isGreaterThan(xpAfterLesson);
        open("/achievements");
        assertThat(text("main")).contains("Unlocked");
        open("/leaderboards");
        assertThat(text("[data-my-rank]")).startsWith("Your rank: #");

        logOut();
        open("/dashboard");
        waitFor(d -> d.getCurrentUrl().contains("/login"));
        logIn(username, PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard");
        assertThat(Long.parseLong(text("[data-stat=xp] .stat-value"))).isGreaterThan(xpAfterLesson);
        assertAccessible();
    }
}
