package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.BrowserTest;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Sign-up, log-in and log-out in a real browser, as a newcomer meets them: errors next to the field
 * they concern with what was typed kept, a session cookie no script can read, CSRF on every form,
 * and a log-out that ends the session for real.
 */
class AccountPagesTest extends BrowserTest {

    @Test
    void signUpShowsEachErrorNextToItsFieldAndKeepsWhatWasTyped() {
        open("/signup");
        assertAccessible();
        screenshot("signup");
        type("username", "ab");
        type("password", "short");
        type("displayName", "Ada L.");
        find("form[action='/signup'] button[type=submit]").click();
        waitFor(d -> !d.findElements(By.cssSelector("[data-error-summary]")).isEmpty());

        assertThat(text("#username-error")).contains("The username must be 3 to 32 characters");
        assertThat(text("[data-error-summary]")).contains("Username:");
        assertThat(find("#username").getAttribute("value")).isEqualTo("ab");
        assertThat(find("#username").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(find("#displayName").getAttribute("value")).isEqualTo("Ada L.");
        assertThat(find("#password").getAttribute("value")).as("a password is never sent back").isEmpty();
        assertAccessible();
        screenshot("signup-errors");

        String username = "page-" + UUID.randomUUID().toString().substring(0, 8);
        type("username", username);
        type("password", "short");
        find("form[action='/signup'] button[type=submit]").click();
        waitFor(d -> d.findElements(By.id("password-error")).size() == 1);
        assertThat(text("#password-error")).contains("10");
        assertThat(find("#username").getAttribute("value")).isEqualTo(username);

        type("password", PASSWORD);
        find("form[action='/signup'] button[type=submit]").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/dashboard"));
        assertThat(text(".site-nav .session")).contains(username);
    }

    @Test
    void aTakenUsernameIsSaidOnTheUsernameField() {
        Learner existing = register();
        open("/signup");
        type("username", existing.username());
        type("password", PASSWORD);
        find("form[action='/signup'] button[type=submit]").click();
        waitFor(d -> !d.findElements(By.id("username-error")).isEmpty());
        assertThat(text("#username-error")).containsIgnoringCase("taken");
    }

    @Test
    void theTimeZoneListStartsAtTheBrowsersOwnZone() {
        open("/signup");
        String browserZone = (String) ((JavascriptExecutor) browser)
                .executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone");
        assertThat(find("#timezone").getAttribute("value")).isEqualTo(browserZone);
        assertThat(findAll("#timezone option")).extracting(o -> o.getAttribute("value"))
                .contains("Europe/Paris", "America/New_York", "Asia/Tokyo").doesNotContain("GMT+2", "+02:00");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndLogOutEndsTheSession() {
        String username = signUp("page-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
        Cookie session = browser.manage().getCookieNamed("pylearn_session");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat((String) ((JavascriptExecutor) browser).executeScript("return document.cookie"))
                .doesNotContain("pylearn_session");
        String token = session.getValue();
        assertThat(api.get("/api/me/dashboard", token).status()).isEqualTo(200);

        open("/");
        logOut();
        assertThat(browser.manage().getCookieNamed("pylearn_session")).isNull();
        assertThat(api.get("/api/me/dashboard", token).status()).as("the token is revoked, not only forgotten")
                .isEqualTo(401);

        logIn(username, "not the password at all");
        assertThat(text("[data-error-summary]")).containsIgnoringCase("username or password");
        assertThat(find("#username").getAttribute("value")).isEqualTo(username);
        assertAccessible();
        screenshot("login-error");
        logIn(username, PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard");
    }

    @Test
    void aPrivatePageSendsToTheLogInAndBackAfterIt() {
        Learner learner = register();
        open("/settings");
        waitFor(d -> d.getCurrentUrl().contains("/login?next="));
        type("username", learner.username());
        type("password", PASSWORD);
        find("form[action='/login'] button[type=submit]").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/settings"));
    }

    @Test
    void formsAndCookieWritesNeedTheCsrfTokenWhileBearerClientsDoNot() {
        Api.Response form = api.send(api.request("/login", null)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + ADMIN_PASSWORD)));
        assertThat(form.status()).isEqualTo(403);
        assertThat(form.contentType()).startsWith("text/html");
        assertThat(form.text()).contains("security token");

        Learner learner = register();
        String lesson = lessonsOf("python-basics").get(0);
        Api.Response cookieWrite = api.send(api.request("/api/me/lessons/" + lesson + "/completion", null)
                .header("Cookie", "pylearn_session=" + learner.token()).POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(cookieWrite, 403, "csrf-token-invalid");
        assertThat(api.get("/api/me/dashboard", learner.token()).json().get("xp").asLong()).isZero();

        assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status())
                .isEqualTo(200);
    }

    @Test
    void aStaleSessionCookieIsDroppedAndPublicPagesStillShow() {
        Api.Response home = api.send(api.request("/", null).header("Accept", "text/html")
                .header("Cookie", "pylearn_session=not-a-token"));
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.text()).contains("Tracks");
        assertThat(home.raw().headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("pylearn_session=;").contains("Max-Age=0"));
    }

    @Test
    void anUnknownPageIsAPageNotAProblemDocument() {
        open("/no-such-page");
        assertThat(text("h1")).isEqualTo("Page not found");
        assertAccessible();
        Api.Response api404 = api.get("/api/no-such-thing", null);
        assertThat(api404.contentType()).startsWith("application/problem+json");
    }
}
