package dev.pylearn.infra.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page test in a real headless Chromium (Debian's chromium and chromedriver) against the whole
 * platform. Helpers act as a learner would (fill a form by its labels' ids, press buttons); every
 * page a test visits can be checked with axe-core ({@link #assertAccessible()}) and kept as a
 * screenshot, wide and at 375 px, under {@code target/screenshots/}.
 */
public abstract class BrowserTest extends PlatformTest {

    private static final String CHROMIUM = System.getenv().getOrDefault("PYLEARN_TEST_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("PYLEARN_TEST_CHROMEDRIVER",
            "/usr/bin/chromedriver");
    private static final String AXE = read("/axe/axe.min.js");

    /**
     * One browser for every test of this JVM, left as a new one would be between tests (see
     * {@link #reset}): starting Chromium costs about 2.5 s of CPU here, once per test before, and the
     * CI machine's two vCPUs do about the work of one.
     */
    private static ChromeDriver shared;

    protected ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        if (shared == null || shared.getSessionId() == null) {
            ChromeDriver started = startBrowser(false);
            shared = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started.getSessionId() != null) {
                    started.quit();
                }
            }));
        }
        browser = shared;
    }

    @AfterEach
    void closeBrowser() {
        // a test may have quit the shared browser to go on without JavaScript, or opened one of its own
        if (browser != null && browser != shared) {
            browser.quit();
        }
        if (shared != null && shared.getSessionId() != null && !reset(shared, url(""))) {
            shared.quit();
        }
    }

    /**
     * Leaves the browser as a new one: any dialog dismissed, a fresh tab in place of all others (its own
     * session storage, no page, no open stream), no cookies, an empty cache, no storage for the
     * platform's origin (the only one page tests visit: this JVM's one application), the window at its
     * first size, and a client address of its own. False when it could not; then it is quit and the
     * next test starts a new one.
     */
    private static boolean reset(ChromeDriver driver, String origin) {
        try {
            try {
                driver.switchTo().alert().dismiss();
            } catch (org.openqa.selenium.NoAlertPresentException ignored) {
                // nothing was asked
            }
            java.util.Set<String> old = driver.getWindowHandles();
            driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            String fresh = driver.getWindowHandle();
            for (String handle : old) {
                driver.switchTo().window(handle).close();
            }
            driver.switchTo().window(fresh);
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
            driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin.replaceAll("/$", ""), "storageTypes", "all"));
            driver.manage().window().setSize(new Dimension(1280, 1000));
            newAddress(driver);
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            return false;
        }
    }

    /** Makes the browser a client of an address of its own (see {@link #startBrowser}). */
    private static void newAddress(ChromeDriver driver) {
        driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("X-Forwarded-For", Api.randomAddress())));
    }

    /** A fresh browser (its own cookies), for tests with two people; closed by the caller. */
    protected ChromeDriver startBrowser(boolean javascriptOff) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000");
        if (javascriptOff) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // each browser is a client of its own address (through the trusted loopback "proxy", as Api does),
        // so the sign-in limits per address see separate people, as they would in production
        driver.executeCdpCommand("Network.enable", Map.of());
        newAddress(driver);
        return driver;
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected void open(String path) {
        browser.get(url(path));
    }

    protected WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    protected List<WebElement> findAll(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    /**
     * The element's text, found again when a script replaced it between finding and reading (live
     * pages re-render their parts): Chromium reports that as a stale element or, since 156, as a node
     * that "does not belong to the document".
     */
    protected String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return find(css).getText();
            } catch (org.openqa.selenium.WebDriverException e) {
                boolean replaced = e instanceof org.openqa.selenium.StaleElementReferenceException
                        || String.valueOf(e.getMessage()).contains("does not belong to the document");
                if (!replaced || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    protected <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(30), condition);
    }

    /** For what takes as long as the machine is busy (a replay of every event so far, judging code). */
    protected <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, timeout).until(condition);
    }

    /** Types into the field labelled {@code id} (clearing what was there). */
    protected void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** Clicks the submit button of the form around {@code css} and waits for the next page. */
    protected void submit(String css) {
        WebElement form = find(css);
        String before = (String) ((JavascriptExecutor) browser).executeScript("return document.documentElement.outerHTML.length + ':' + location.href");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(d -> !before.equals(((JavascriptExecutor) d).executeScript(
                "return document.documentElement.outerHTML.length + ':' + location.href")));
    }

    /** Empties the page's CodeMirror editor from the keyboard (click, select all, delete). */
    protected void clearEditor() {
        find(".CodeMirror-lines").click();
        waitFor(d -> editorHasFocus());
        keys(chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        assertThat(editorValue()).isEmpty();
    }

    /**
     * Types {@code code} into the page's editor from the keyboard, line by line, as a person copying it
     * would: the indentation the editor offers after Enter is selected (Shift+Home) and replaced by the
     * line's own; brackets the editor closed by itself that are still right of the cursor at the line's
     * end (typed fast, a closing bracket does not always step over the editor's) are deleted
     * (Shift+End, Delete: the cursor is at the end of the text, so nothing else is there).
     */
    protected void typeInEditor(String code) {
        clearEditor();
        String[] lines = code.stripTrailing().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                keys(Keys.ENTER, chord(Keys.SHIFT, Keys.HOME));
            }
            if (!lines[i].isEmpty()) {
                keys(lines[i], chord(Keys.SHIFT, Keys.END), Keys.DELETE);
            }
        }
    }

    /** A key pressed while a modifier is held (Shift-Tab, Ctrl-Z). */
    protected record Chord(Keys modifier, CharSequence key) {
    }

    protected static Chord chord(Keys modifier, CharSequence key) {
        return new Chord(modifier, key);
    }

    /** Keys pressed one after another into whatever has the focus, as a person types them. */
    protected void keys(Object... keys) {
        Actions actions = new Actions(browser);
        for (Object key : keys) {
            if (key instanceof Chord chord) {
                actions.keyDown(chord.modifier()).sendKeys(chord.key()).keyUp(chord.modifier());
            } else {
                actions.sendKeys((CharSequence) key);
            }
        }
        actions.perform();
    }

    protected String editorValue() {
        return (String) browser.executeScript("return document.querySelector('.CodeMirror').CodeMirror.getValue()");
    }

    protected boolean editorHasFocus() {
        return (Boolean) browser.executeScript("return document.querySelector('.CodeMirror').contains(document.activeElement)");
    }

    /** Signs up through the page, as a new learner would; answers the username. */
    protected String signUp(String username, String password) {
        open("/signup");
        type("username", username);
        type("password", password);
        type("displayName", "Browser " + username);
        find("form[action='/signup'] button[type=submit]").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/dashboard"));
        return username;
    }

    /** Logs in through the log-in page (from any page). */
    protected void logIn(String username, String password) {
        open("/login");
        type("username", username);
        type("password", password);
        String before = browser.getCurrentUrl();
        find("form[action='/login'] button[type=submit]").click();
        waitFor(d -> !d.getCurrentUrl().equals(before) || !d.findElements(By.cssSelector("[data-error-summary]")).isEmpty());
    }

    protected void logOut() {
        find("form[action='/logout'] button").click();
        waitFor(d -> !d.findElements(By.cssSelector("a[href='/login']")).isEmpty());
    }

    /**
     * Runs axe-core on the page as it is and fails on any serious or critical violation (WCAG 2.x A and
     * AA rules), naming each rule and the elements it found.
     */
    @SuppressWarnings("unchecked")
    protected void assertAccessible() {
        JavascriptExecutor js = browser;
        if (!(Boolean) js.executeScript("return typeof window.axe !== 'undefined'")) {
            js.executeScript(AXE);
        }
        Map<String, Object> result = (Map<String, Object>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(r => done({violations: r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))}))
                  .catch(e => done({violations: ['axe failed: ' + e]}));
                """);
        assertThat((List<String>) result.get("violations")).as("axe-core on " + browser.getCurrentUrl()).isEmpty();
    }

    /**
     * Keeps the page as it is now, at the window's width and at 375 px, under target/screenshots/, when the
     * run asks for it ({@code -Dpylearn.test.screenshots=true}): two captures and two relayouts a page are CPU
     * a two-vCPU CI box does not have to spare, and nothing asserts on them.
     */
    protected void screenshot(String name) {
        if (!Boolean.getBoolean("pylearn.test.screenshots")) {
            return;
        }
        try {
            Path folder = Files.createDirectories(Path.of("target", "screenshots"));
            Dimension wide = browser.manage().window().getSize();
            copy(browser.getScreenshotAs(OutputType.FILE).toPath(), folder.resolve(name + ".png"));
            browser.manage().window().setSize(new Dimension(375, 812));
            copy(browser.getScreenshotAs(OutputType.FILE).toPath(), folder.resolve(name + "-375.png"));
            browser.manage().window().setSize(wide);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the page is wider than the window (a horizontal scroll bar at this width). */
    protected boolean overflowsHorizontally() {
        return (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String read(String resource) {
        try (InputStream in = BrowserTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
