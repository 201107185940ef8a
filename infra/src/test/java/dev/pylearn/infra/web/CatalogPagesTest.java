package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.BrowserTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public catalog as a visitor and a learner see it: home, track and lesson pages complete in the
 * first answer (readable with JavaScript off), a lesson's Markdown as HTML with highlighted code,
 * neighbours linked, and "complete" answering in place with the XP earned.
 */
class CatalogPagesTest extends BrowserTest {

    @Test
    void homeTrackAndLessonAreCompleteWithJavaScriptOff() {
        ChromeDriver plain = startBrowser(true);
        try {
            plain.get(url("/"));
            assertThat(plain.findElement(By.cssSelector("main")).getText())
                    .contains("Python Foundations", "Functions and Data", "Professional Python");
            plain.findElement(By.linkText("Python Foundations")).click();
            assertThat(plain.findElement(By.cssSelector("h1")).getText()).contains("Python Foundations");
            assertThat(plain.findElements(By.cssSelector(".lesson-list li"))).hasSize(20);
            assertThat(plain.findElements(By.cssSelector(".challenge-list li"))).isNotEmpty();
            plain.findElement(By.linkText("What Is Python?")).click();
            assertThat(plain.findElement(By.cssSelector("h1")).getText()).isEqualTo("What Is Python?");
            assertThat(plain.findElements(By.cssSelector(".prose h2"))).isNotEmpty();
            assertThat(plain.findElement(By.cssSelector(".prose pre code.language-python")).getText())
                    .contains("print(");
            assertThat(plain.findElement(By.cssSelector("a[rel=next]")).getText()).contains("Running Code");
        } finally {
            plain.quit();
        }
        // the same pages are whole HTML documents in the first answer, without any script run
        Api.Response lesson = api.send(api.request("/lessons/what-is-python", null).header("Accept", "text/html"));
        assertThat(lesson.status()).isEqualTo(200);
        assertThat(lesson.text()).contains("<h1>What Is Python?</h1>", "<pre><code class=\"language-python\">");
    }

    @Test
    void pagesPassAxeAndFitAPhone() {
        for (String path : List.of("/", "/tracks/python-basics", "/lessons/what-is-python")) {
            open(path);
            assertAccessible();
            screenshot("catalog" + path.replace('/', '-'));
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(375, 812));
            assertThat(overflowsHorizontally()).as(path + " at 375 px").isFalse();
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
        open("/lessons/what-is-python");
        waitFor(d -> !d.findElements(By.cssSelector(".prose code.language-python .cm-string")).isEmpty());
    }

    @Test
    void completingALessonShowsTheXpInPlaceAndTheTrackTicksIt() {
        signUp("page-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
        open("/lessons/what-is-python");
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");
        find("form[data-complete-lesson] button").click();
        waitFor(d -> !d.findElement(By.cssSelector("[data-completion-result]")).getText().isBlank());
        // the first lesson also unlocks the first-lesson achievement, whose reward is part of what was earned
        long xp = api.get("/api/me/dashboard", browser.manage().getCookieNamed("pylearn_session").getValue())
                .json().get("xp").asLong();
        assertThat(xp).isGreaterThan(5);
        assertThat(text("[data-completion-result]")).contains("+" + xp + " XP", "level 1");
        assertThat(text("[data-toasts]")).contains("+" + xp + " XP", "Achievement unlocked");
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript("return window.notReloaded === true"))
                .as("answered in place, without reloading").isTrue();
        screenshot("lesson-completed");

        open("/lessons/what-is-python");
        assertThat(text(".complete")).contains("You completed this lesson");
        open("/tracks/python-basics");
        assertThat(find(".lesson-list li.done").getText()).contains("What Is Python?");
    }

    @Test
    void completingALessonWorksWithoutJavaScriptToo() {
        Learner learner = register();
        ChromeDriver plain = startBrowser(true);
        try {
            plain.get(url("/login"));
            plain.findElement(By.id("username")).sendKeys(learner.username());
            plain.findElement(By.id("password")).sendKeys(PASSWORD);
            plain.findElement(By.cssSelector("form[action='/login'] button")).click();
            new WebDriverWait(plain, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("/dashboard"));
            plain.get(url("/lessons/what-is-python"));
            plain.findElement(By.cssSelector("form[data-complete-lesson] button")).click();
            // the form posts, and the lesson comes back once the learner's pages show the completion
            new WebDriverWait(plain, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("earned="));
            long xp = api.get("/api/me/dashboard", learner.token()).json().get("xp").asLong();
            assertThat(xp).isGreaterThan(5);
            assertThat(plain.findElement(By.cssSelector(".complete")).getText())
                    .contains("You completed this lesson", "You earned " + xp + " XP");
        } finally {
            plain.quit();
        }
    }

    @Test
    void aPremiumLessonSaysHowToReadIt() {
        String lesson = lessonsOf("python-pro").get(0);
        open("/lessons/" + lesson);
        assertThat(text(".notice")).contains("premium content", "Log in");
        assertThat(findAll(".prose")).isEmpty();
    }

    @Test
    void anUnknownLessonIsANotFoundPage() {
        Api.Response response = api.send(api.request("/lessons/no-such-lesson", null).header("Accept", "text/html"));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).contains("There is no lesson 'no-such-lesson'.");
    }
}
