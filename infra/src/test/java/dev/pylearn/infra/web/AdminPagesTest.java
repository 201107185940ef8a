package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.BrowserTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The admin pages in Chromium: the admin home, the projections page (replay with confirmation and live
 * progress to the end, a manual-switch rebuild refused a second time and canceled, dead letters), the
 * learner search with XP, roles and premium, and the last admin's refusal; and who may not see them.
 */
class AdminPagesTest extends BrowserTest {

    @Test
    void anAdminReplaysAProjectionFromThePageConfirmsAndSeesItFinish() {
        // a learner's progress for the replay to go through (this class may be the first of its test JVM)
        Learner learner = register();
        assertThat(api.post("/api/me/lessons/" + lessonsOf("python-basics").get(0) + "/completion", learner.token(),
                null).status()).isEqualTo(200);
        useSession(adminToken());
        open("/admin");
        assertThat(text("h1")).isEqualTo("Admin");
        assertThat(findAll("main a").stream().map(a -> a.getAttribute("href")).toList())
                .anyMatch(href -> href.endsWith("/admin/projections")).anyMatch(href -> href.endsWith("/admin/learners"))
                .anyMatch(href -> href.endsWith("/admin/monitor")).anyMatch(href -> href.endsWith("/analyst"));
        checkPage("admin-home");

        // the monitor takes the web app's session: no second log-in, and a way back
        find("main a[href='/admin/monitor']").click();
        waitFor(d -> find("#monitor").isDisplayed());
        assertThat(find("#login").isDisplayed()).isFalse();
        find("header a[href='/admin']").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/admin"));

        find("main a[href='/admin/projections']").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/admin/projections"));
        WebElement row = row("achievement-stats");
        assertThat(row.findElement(By.cssSelector("[data-field='status']")).getText()).isIn("running", "replaying");
        assertThat(findAll("tr[data-projection]")).extracting(r -> r.getAttribute("data-projection"))
                .contains("learner-dashboard", "leaderboards", "analytics", "catalog");
        waitFor(d -> text("[data-refreshed]").startsWith("Live"));
        checkPage("admin-projections");

        // another test of this JVM may have replayed it before: this replay is the one started after
        String before = field(lastOperation("achievement-stats"), "startedAt");
        row.findElement(By.cssSelector("[data-action='replay']")).click();
        WebElement dialog = waitFor(d -> find("dialog[data-confirm][open]"));
        assertThat(dialog.getText()).contains("Replay achievement-stats?", "cleared and rebuilt");
        assertAccessible();
        screenshot("admin-projections-confirm");
        dialog.findElement(By.cssSelector("[data-confirm-yes]")).click();

        // a replay of every event the test run has made so far: as long as the machine is busy (the row
        // may show an earlier replay's "finished" until the page's next poll after this one started)
        var replay = waitFor(java.time.Duration.ofSeconds(120), d -> {
            var op = lastOperation("achievement-stats");
            return !field(op, "startedAt").equals(before) && field(op, "phase").equals("finished") ? op : null;
        });
        waitFor(d -> row("achievement-stats").findElement(By.cssSelector("[data-field='last-operation']")).getText()
                .startsWith("Last replay: finished (" + replay.get("events").asLong() + " events"));
        waitFor(d -> row("achievement-stats").findElement(By.cssSelector("[data-field='status']")).getText()
                .equals("running"));
        // the row says how it ended: every event applied again
        long events = replay.get("events").asLong();
        assertThat(events).isPositive();
        waitFor(d -> message("achievement-stats").equals("Replay finished: " + events + " events."));
        screenshot("admin-projections-replayed");

        // a dismissed confirmation changes nothing
        row("leaderboards").findElement(By.cssSelector("[data-action='replay']")).click();
        waitFor(d -> find("dialog[data-confirm][open]")).findElement(By.xpath(".//button[.='Keep it as it is']")).click();
        waitFor(d -> d.findElements(By.cssSelector("dialog[data-confirm][open]")).isEmpty());
        assertThat(row("leaderboards").findElement(By.cssSelector("[data-message]")).getText()).isEmpty();
    }

    @Test
    void aRebuildWithManualSwitchIsRefusedTwiceShownInPlaceAndCanceled() {
        useSession(adminToken());
        open("/admin/projections");
        row("analytics").findElement(By.cssSelector("[data-action='rebuild-manual']")).click();
        WebElement dialog = waitFor(d -> find("dialog[data-confirm][open]"));
        assertThat(dialog.getText()).contains("Rebuild analytics, switching by hand?");
        dialog.findElement(By.cssSelector("[data-confirm-yes]")).click();
        waitFor(d -> message("analytics").equals("Rebuild started; press Switch when it is ready."));
        // the new version builds beside the old one and waits for the switch
        waitFor(d -> row("analytics").findElement(By.cssSelector("[data-action='switch']")).isEnabled());
        assertThat(row("analytics").findElement(By.cssSelector("[data-field='rebuild-phase']")).getText())
                .isEqualTo("rebuild ready");

        // a second rebuild is refused, and the refusal is shown in the row
        row("analytics").findElement(By.cssSelector("[data-action='rebuild']")).click();
        waitFor(d -> find("dialog[data-confirm][open]")).findElement(By.cssSelector("[data-confirm-yes]")).click();
        waitFor(d -> row("analytics").findElement(By.cssSelector("[data-message].bad")).isDisplayed());
        assertThat(message("analytics")).containsIgnoringCase("rebuil");
        browser.executeScript("arguments[0].scrollIntoView()", row("analytics"));
        checkPage("admin-projections-refused");

        row("analytics").findElement(By.cssSelector("[data-action='cancel']")).click();
        dialog = waitFor(d -> find("dialog[data-confirm][open]"));
        assertThat(dialog.getText()).contains("Cancel the rebuild of analytics?");
        dialog.findElement(By.cssSelector("[data-confirm-yes]")).click();
        waitFor(d -> message("analytics").equals("Rebuild canceled."));
        waitFor(d -> !row("analytics").findElement(By.cssSelector("[data-action='switch']")).isEnabled());
        assertThat(api.get("/api/admin/projections/analytics", adminToken()).json().get("rebuild").isNull()).isTrue();

        row("analytics").findElement(By.cssSelector("[data-action='dead-letters']")).click();
        waitFor(d -> find("[data-dead-letters-heading]").getText().equals("Dead letters of analytics"));
        waitFor(d -> message("analytics").endsWith("listed below."));
    }

    @Test
    void anAdminFindsALearnerAwardsXpChangesRolesAndPremium() {
        Learner learner = register();
        useSession(adminToken());
        open("/admin/learners");
        checkPage("admin-learners-empty");

        // bad input: an empty search shows its message and keeps the form
        find("form[role=search] button[type=submit]").click();
        waitFor(d -> !d.findElements(By.cssSelector("[data-error-summary]")).isEmpty());
        assertThat(text("#username-error")).contains("Type the start of a username");
        assertThat(find("#username").getAttribute("aria-invalid")).isEqualTo("true");
        checkPage("admin-learners-error");

        // the search ignores case
        String prefix = learner.username().substring(0, learner.username().length() - 3).toUpperCase();
        type("username", prefix);
        find("form[role=search] button[type=submit]").click();
        WebElement card = waitFor(d -> card(learner.learnerId()));
        assertThat(find("#username").getAttribute("value")).isEqualTo(prefix);
        assertThat(card.findElement(By.cssSelector("h3")).getText()).startsWith(learner.username());
        assertThat(xp(learner)).isEqualTo("0");
        checkPage("admin-learners-found");

        // bad XP: not a number, then out of range (the API's message, next to the field)
        type("xp-" + learner.learnerId(), "lots");
        type("reason-" + learner.learnerId(), "helped in the forum");
        card.findElement(By.cssSelector("form[data-award-xp] button[type=submit]")).click();
        waitFor(d -> find("#xp-" + learner.learnerId() + "-error").isDisplayed());
        assertThat(text("#xp-" + learner.learnerId() + "-error")).contains("whole number");
        type("xp-" + learner.learnerId(), "-5");
        card.findElement(By.cssSelector("form[data-award-xp] button[type=submit]")).click();
        waitFor(d -> text("#xp-" + learner.learnerId() + "-error").contains("between 1 and"));
        assertThat(find("#reason-" + learner.learnerId()).getAttribute("value")).isEqualTo("helped in the forum");
        assertAccessible();
        // a missing reason is shown next to the reason
        type("xp-" + learner.learnerId(), "75");
        find("#reason-" + learner.learnerId()).clear();
        card.findElement(By.cssSelector("form[data-award-xp] button[type=submit]")).click();
        waitFor(d -> find("#reason-" + learner.learnerId() + "-error").isDisplayed());
        assertThat(text("#reason-" + learner.learnerId() + "-error")).contains("reason of 1 to 200 characters");
        assertThat(api.get("/api/me", learner.token()).json().get("xp").asLong()).isZero();

        type("reason-" + learner.learnerId(), "helped in the forum");
        card.findElement(By.cssSelector("form[data-award-xp] button[type=submit]")).click();
        // 75 XP, and the reward of any achievement the award unlocked: the page shows what the learner has
        waitFor(d -> message(card).startsWith("Awarded 75 XP: " + learner.username() + " now has "));
        long xp = api.get("/api/me", learner.token()).json().get("xp").asLong();
        assertThat(xp).isGreaterThanOrEqualTo(75);
        assertThat(xp(learner)).isEqualTo(String.valueOf(xp));
        assertThat(message(card)).contains("now has " + xp + " XP");
        assertThat(find("#xp-" + learner.learnerId() + "-error").isDisplayed()).isFalse();

        button(card, "Grant ANALYST").click();
        waitFor(d -> message(card).startsWith("Granted ANALYST"));
        assertThat(card.findElement(By.cssSelector("[data-field='roles']")).getText()).isEqualTo("ANALYST, LEARNER");
        button(card, "Revoke ANALYST").click();
        waitFor(d -> message(card).startsWith("Revoked ANALYST"));
        assertThat(card.findElement(By.cssSelector("[data-field='roles']")).getText()).isEqualTo("LEARNER");

        button(card, "Turn premium on").click();
        waitFor(d -> message(card).equals("Premium is now on for " + learner.username() + "."));
        assertThat(card.findElement(By.cssSelector("[data-field='premium']")).getText()).isEqualTo("yes");
        checkPage("admin-learners-changed");
        button(card, "Turn premium off").click();
        waitFor(d -> message(card).equals("Premium is now off for " + learner.username() + "."));

        // what a new search shows is what was done
        open("/admin/learners?username=" + learner.username());
        WebElement again = card(learner.learnerId());
        assertThat(again.findElement(By.cssSelector("[data-field='xp']")).getText()).isEqualTo(String.valueOf(xp));
        assertThat(again.findElement(By.cssSelector("[data-field='premium']")).getText()).isEqualTo("no");

        open("/admin/learners?username=zz-nobody-has-this-name");
        assertThat(text("main h2")).isEqualTo("No learner's username starts with 'zz-nobody-has-this-name'");
    }

    @Test
    void withoutJavaScriptTheLearnerFormsPostToThePage() {
        // the page's first form post must find the CSRF cookie of the page: asset requests leave it alone
        assertThat(api.get("/assets/favicon.svg", null).header("Set-Cookie")).isNull();
        Learner learner = register();
        browser.quit();
        browser = startBrowser(true);
        useSession(adminToken());
        open("/admin/learners?username=" + learner.username());
        String xpField = "xp-" + learner.learnerId();

        // out of range: the page again, the message next to the field, what was typed kept
        type(xpField, "0");
        type("reason-" + learner.learnerId(), "no-script award");
        submit("[data-learner='" + learner.learnerId() + "'] form[data-award-xp]");
        waitFor(d -> !d.findElements(By.cssSelector("#" + xpField + "-error:not([hidden])")).isEmpty());
        assertThat(text("#" + xpField + "-error")).startsWith("Error: The amount must be between 1 and ");
        assertThat(find("#" + xpField).getAttribute("value")).isEqualTo("0");
        assertThat(find("#reason-" + learner.learnerId()).getAttribute("value")).isEqualTo("no-script award");
        assertThat(find("#" + xpField).getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("admin-learners-nojs-error"); // axe needs scripts: the same page is checked with them above

        type(xpField, "20");
        submit("[data-learner='" + learner.learnerId() + "'] form[data-award-xp]");
        waitFor(d -> message(card(learner.learnerId())).equals("XP awarded."));
        long xp = api.get("/api/me", learner.token()).json().get("xp").asLong();
        assertThat(xp).isGreaterThanOrEqualTo(20);
        assertThat(xp(learner)).isEqualTo(String.valueOf(xp));

        submit("[data-learner='" + learner.learnerId() + "'] form[data-premium-form]");
        waitFor(d -> message(card(learner.learnerId())).equals("Premium is now on."));
        assertThat(card(learner.learnerId()).findElement(By.cssSelector("[data-field='premium']")).getText())
                .isEqualTo("yes");
        submit("[data-learner='" + learner.learnerId() + "'] form[data-role-form]");
        waitFor(d -> message(card(learner.learnerId())).startsWith("Role granted."));
        assertThat(card(learner.learnerId()).findElement(By.cssSelector("[data-field='roles']")).getText())
                .isEqualTo("ANALYST, LEARNER");
        screenshot("admin-learners-nojs-done");
    }

    @Test
    void theLastAdminsRefusalIsShownNextToTheButton() {
        String admin = adminToken();
        String adminId = api.get("/api/auth/session", admin).json().get("learnerId").asString();
        // other tests may have left admins behind: the one admin of the tests removes them
        for (String other : jdbc.sql("SELECT learner_id FROM account WHERE 'ADMIN' = ANY (string_to_array(roles, ',')) "
                + "AND learner_id <> ?").param(adminId).query(String.class).list()) {
            assertThat(api.delete("/api/admin/accounts/" + other + "/roles/ADMIN", admin).status()).isEqualTo(200);
        }
        useSession(admin);
        open("/admin/learners?username=admin");
        WebElement card = card(adminId);
        button(card, "Revoke ADMIN").click();
        waitFor(d -> !message(card).isEmpty());
        assertThat(message(card)).isEqualTo(
                "This account is the last admin; grant ADMIN to another account before revoking it here.");
        assertThat(card.findElement(By.cssSelector("[data-message]")).getAttribute("class")).contains("bad");
        assertThat(card.findElement(By.cssSelector("[data-field='roles']")).getText()).contains("ADMIN");
        checkPage("admin-learners-last-admin");
        assertThat(api.get("/api/admin/projections", admin).status()).isEqualTo(200);
    }

    @Test
    void learnersAndStrangersMayNotSeeTheAdminPages() {
        open("/admin/projections");
        waitFor(d -> d.getCurrentUrl().contains("/login?next="));
        assertThat(browser.getCurrentUrl()).endsWith("/login?next=%2Fadmin%2Fprojections");

        useSession(register().token());
        for (String page : List.of("/admin", "/admin/projections", "/admin/learners")) {
            open(page);
            assertThat(text("h1")).as(page).isEqualTo("Forbidden");
            assertThat(text("main")).contains("Your account may not use this resource.");
            assertThat(browser.findElements(By.cssSelector("[data-projections], [data-award-xp]"))).isEmpty();
        }
        assertThat(browser.findElements(By.cssSelector("nav a[href='/admin']"))).isEmpty();
        checkPage("admin-forbidden");
    }

    // ---- helpers ----

    /** Acts as the holder of {@code token}: the session cookie the log-in page would have set. */
    private void useSession(String token) {
        open("/assets/favicon.svg");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie.Builder("pylearn_session", token).path("/").isHttpOnly(true).build());
    }

    /** axe-core clean, a screenshot wide and at 375 px, and no sideways scrolling at 375 px. */
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

    private WebElement row(String projection) {
        return find("tr[data-projection='" + projection + "']");
    }

    private String message(String projection) {
        return row(projection).findElement(By.cssSelector("[data-message]")).getText();
    }

    private WebElement card(String learnerId) {
        return find("[data-learner='" + learnerId + "']");
    }

    private static String message(WebElement card) {
        return card.findElement(By.cssSelector("[data-message]")).getText();
    }

    private String xp(Learner learner) {
        return card(learner.learnerId()).findElement(By.cssSelector("[data-field='xp']")).getText();
    }

    private static WebElement button(WebElement card, String label) {
        return card.findElement(By.xpath(".//button[normalize-space(.)='" + label + "']"));
    }

    private tools.jackson.databind.JsonNode lastOperation(String projection) {
        return api.get("/api/admin/projections/" + projection, adminToken()).json().path("lastOperation");
    }

    private static String field(tools.jackson.databind.JsonNode node, String name) {
        tools.jackson.databind.JsonNode value = node.path(name);
        return value.isMissingNode() || value.isNull() ? "none" : value.asString();
    }
}
