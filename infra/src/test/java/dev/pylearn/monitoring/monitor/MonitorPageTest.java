package dev.pylearn.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.PlatformTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admin monitor in a real headless Chromium (Debian's chromium and chromedriver): an admin logs
 * in on the page and sees the panels and non-empty charts; a learner is refused and sees no data.
 */
class MonitorPageTest extends PlatformTest {

    private static final String CHROMIUM = System.getenv().getOrDefault("PYLEARN_TEST_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("PYLEARN_TEST_CHROMEDRIVER",
            "/usr/bin/chromedriver");

    @Autowired
    Snapshots snapshots;

    ChromeDriver browser;

    @BeforeEach
    void browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,2400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAdminSeesEveryPanelWithNonEmptyCharts() throws Exception {
        Learner learner = register();
        String lesson = lessonsOf("python-basics").get(0);
        assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/me/dashboard", learner.token()).status()).isEqualTo(200);
        }
        snapshots.flush(); // this hour's row, as the scheduled flush would write it

        logIn("admin", ADMIN_PASSWORD);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("monitor")).isDisplayed());
        wait.until(d -> points("chart-trend-requests") > 0 && points("chart-live-requests") > 0);

        assertThat(sum("chart-trend-requests")).isGreaterThanOrEqualTo(6);
        assertThat(sum("chart-live-requests")).isGreaterThanOrEqualTo(6);
        assertThat(sum("chart-trend-latency")).isPositive();
        assertThat(browser.findElement(By.id("routes")).getText()).contains("GET /api/me/dashboard");
        assertThat(browser.findElement(By.id("endpoints")).getText())
                .contains("POST /api/me/lessons/{lessonId}/completion", "event-processor learner-dashboard");
        assertThat(browser.findElement(By.id("projections")).getText()).contains("learner-dashboard");
        assertThat(browser.findElement(By.id("tile-pool")).getText()).matches("\\d+ / \\d+");
        assertThat(browser.findElement(By.id("tile-memory")).getText()).matches("\\d+ MB / \\d+ MB");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "monitor-admin.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aLearnerIsRefusedAndSeesNoData() {
        Learner learner = register();
        browser.get("http://localhost:" + port + "/admin/monitor");
        assertThat(browser.findElement(By.id("monitor")).isDisplayed()).as("nothing before a log-in").isFalse();

        logIn(learner.username(), PASSWORD);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("refused")).isDisplayed());
        assertThat(browser.findElement(By.id("refused")).getText()).contains("Refused");
        assertThat(browser.findElement(By.id("monitor")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("routes")).getText()).doesNotContain("GET /");
        assertThat(points("chart-live-requests")).isZero();
    }

    @Test
    void aWrongPasswordIsSaidOnThePage() {
        logIn("admin", "not the password");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("login-error")).isDisplayed());
        assertThat(browser.findElement(By.id("login-error")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("monitor")).isDisplayed()).isFalse();
    }

    private void logIn(String username, String password) {
        if (!browser.getCurrentUrl().endsWith("/admin/monitor")) {
            browser.get("http://localhost:" + port + "/admin/monitor");
        }
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-button")).click();
    }

    /** Data points of the chart's first series (0 when the chart was never drawn). */
    private long points(String canvas) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "const c = Chart.getChart(arguments[0]); return c ? c.data.datasets[0].data.length : 0;", canvas);
        return ((Number) n).longValue();
    }

    private long sum(String canvas) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "const c = Chart.getChart(arguments[0]); return c ? c.data.datasets[0].data.reduce((a, b) => a + b, 0) : 0;",
                canvas);
        return ((Number) n).longValue();
    }
}
