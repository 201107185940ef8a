package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.BrowserTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/** The analyst page in Chromium: the views, a preview of the first rows, the CSV download; for analysts and admins only. */
class AnalystPagesTest extends BrowserTest {

    @Test
    void anAnalystPreviewsAViewAndDownloadsItsCsv() {
        Learner busy = register();
        String lesson = lessonsOf("python-basics").get(0);
        assertThat(api.post("/api/me/lessons/" + lesson + "/completion", busy.token(), null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM analyst.daily_activity WHERE learner_id = ?").param(busy.learnerId())
                .query(Long.class).single() == 1);
        // and a tutor question, for the tutor's usage view
        assertThat(api.send(api.request("/api/tutor/questions", busy.token()).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"question\": \"What is a list?\"}")))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM tutor_message WHERE learner_id = ? AND status = 'answered'").param(busy.learnerId())
                .query(Long.class).single() == 1);

        useSession(analystToken());
        open("/analyst");
        assertThat(text("h1")).isEqualTo("Analyst views");
        assertThat(findAll(".view-name a")).extracting(WebElement::getText)
                .containsExactly("challenge-pass-rates", "daily-activity", "track-funnels", "tutor-usage",
                        "weekly-active-learners");
        assertThat(text("#preview-heading")).isEqualTo("Preview: challenge-pass-rates");
        checkPage("analyst-views");

        find("a[href='/analyst?view=daily-activity']").click();
        waitFor(d -> text("#preview-heading").equals("Preview: daily-activity"));
        assertThat(findAll("[data-preview] thead th")).extracting(WebElement::getText)
                .containsExactly("learner_id", "day", "xp", "lessons_completed", "challenges_solved", "submissions");
        assertThat(findAll("[data-preview] tbody tr")).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        checkPage("analyst-daily-activity");

        // the download link gives the whole view as CSV, with this browser's session
        WebElement link = find("a[href='/api/analytics/daily-activity.csv']");
        assertThat(link.getText()).isEqualTo("Download daily-activity.csv");
        @SuppressWarnings("unchecked")
        Map<String, Object> download = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.text().then(t => done({status: r.status,
                    type: r.headers.get('Content-Type'), disposition: r.headers.get('Content-Disposition'), body: t})));
                """, link.getAttribute("href"));
        assertThat(download.get("status")).isEqualTo(200L);
        assertThat((String) download.get("type")).startsWith("text/csv");
        assertThat((String) download.get("disposition")).contains("daily-activity.csv");
        String csv = (String) download.get("body");
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("learner_id,day,xp,lessons_completed,challenges_solved,submissions");
        assertThat(csv).contains(busy.learnerId());

        // the tutor's usage, as its events are projected
        open("/analyst?view=tutor-usage");
        assertThat(findAll("[data-preview] thead th")).extracting(WebElement::getText)
                .containsExactly("day", "provider", "plan", "questions", "answered", "failed", "learners", "tokens_in",
                        "tokens_out", "avg_latency_ms", "p95_latency_ms");

        // an unknown view: the API's message, as a page
        open("/analyst?view=no-such-view");
        assertThat(text("h1")).isEqualTo("Not found");
        assertThat(text("main")).contains("No analytics view 'no-such-view'; there are challenge-pass-rates, "
                + "daily-activity, track-funnels, tutor-usage, weekly-active-learners.");
        checkPage("analyst-unknown-view");
    }

    @Test
    void adminsSeeTheAnalystPageAndLearnersDoNot() {
        useSession(adminToken());
        open("/analyst?view=track-funnels");
        assertThat(text("#preview-heading")).isEqualTo("Preview: track-funnels");
        assertThat(find("nav a[href='/analyst']").getText()).isEqualTo("Analyst");

        Learner learner = register();
        useSession(learner.token());
        open("/analyst");
        assertThat(text("h1")).isEqualTo("Forbidden");
        assertThat(browser.findElements(By.cssSelector("[data-preview]"))).isEmpty();
        Api.Response csv = api.get("/api/analytics/daily-activity.csv", learner.token());
        assertProblem(csv, 403, "forbidden");

        browser.manage().deleteAllCookies();
        open("/analyst");
        waitFor(d -> d.getCurrentUrl().endsWith("/login?next=%2Fanalyst"));
    }

    private String analystToken() {
        Learner analyst = register();
        Api.Response granted = api.put("/api/admin/accounts/" + analyst.learnerId() + "/roles/ANALYST", adminToken(),
                Map.of());
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        Api.Response login = api.post("/api/auth/login", null, Map.of("username", analyst.username(), "password",
                PASSWORD));
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        return login.json().get("token").asString();
    }

    private void useSession(String token) {
        open("/assets/favicon.svg");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie.Builder("pylearn_session", token).path("/").isHttpOnly(true).build());
    }

    private void checkPage(String name) {
        assertAccessible();
        screenshot(name);
        Dimension wide = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(375, 812));
        try {
            assertThat(overflowsHorizontally()).as(name + " at 375 px").isFalse();
        } finally {
            browser.manage().window().setSize(wide);
        }
    }
}
