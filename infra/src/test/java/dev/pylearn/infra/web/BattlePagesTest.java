package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.infra.support.BrowserTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two learners battle in two browser sessions against the real worker and sandbox: both join the
 * queue from the lobby and land on the same battle, each sees the other's submissions live, the
 * first correct solution wins on both screens, and both codes are shown to both at the end. Each types
 * their code into the page's code editor from the keyboard, as on the challenge page.
 */
class BattlePagesTest extends BrowserTest {

    @Autowired
    CatalogImporter catalog;

    @Test
    void twoLearnersBattleFromTheQueueToTheWinInTwoBrowsers() {
        ChromeDriver ann = browser;
        ChromeDriver bob = startBrowser(false);
        try {
            signUp("ann-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
            open("/battles");
            assertThat(text("h1")).isEqualTo("Coding battles");
            assertAccessible();
            submit("[data-join-form]");
            assertThat(text("[data-waiting]")).contains("Waiting for an opponent");

            browser = bob;
            signUp("bob-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD);
            open("/battles");
            submit("[data-join-form]");
            waitFor(d -> d.getCurrentUrl().matches(".*/battles/[0-9a-f-]{36}$"));
            String battleUrl = bob.getCurrentUrl();
            String battleId = battleUrl.substring(battleUrl.lastIndexOf('/') + 1);
            assertThat(text("[data-player=opponent] [data-joined]")).isEqualTo("Joined");

            // ann's lobby notices the match by itself and goes to the battle
            browser = ann;
            waitFor(d -> d.getCurrentUrl().equals(battleUrl));
            assertThat(text("[data-battle-status]")).startsWith("Running until");
            assertAccessible();

            String challengeId = jdbc.sql("SELECT challenge_id FROM battle WHERE battle_id = ?").param(battleId)
                    .query(String.class).single();
            CatalogImporter.ChallengeFile challenge = catalog.readChallenges().stream()
                    .filter(c -> c.content().challengeId().equals(challengeId)).findFirst().orElseThrow();

            // bob submits a wrong solution: ann sees it arrive and be judged, without his code (a one-liner
            // that solves no challenge: typing a whole wrong solution too took most of the battle's time
            // limit on a slow CI box)
            String wrong = "answer = None";
            browser = bob;
            assertThat(findAll(".code-field .CodeMirror")).hasSize(1);
            assertThat(text("[data-editor-hint]")).contains("press Escape, then Tab");
            typeInEditor(wrong);
            assertThat(editorValue()).isEqualTo(wrong);
            submit("[data-battle-submit]");
            browser = ann;
            waitLong(battleId, d -> text("[data-player=opponent] [data-submissions]").equals("1")
                    && text("[data-player=opponent] [data-submitting]").equals("0"));
            assertThat(findAll("[data-codes]")).isEmpty();

            // ann's solution wins, on both screens, and both codes are shown to both (typed within the tests'
            // time limit: on busy CI boxes the 40 s and then 60 s it was ran out while ann typed, and the editor went)
            assertThat(text("[data-battle-status]")).as("the battle is still running").startsWith("Running until");
            typeInEditor(challenge.solution());
            assertThat(editorValue()).isEqualTo(challenge.solution().stripTrailing());
            submit("[data-battle-submit]");
            waitLong(battleId, d -> text("[data-battle-status]").startsWith("You won"));
            assertThat(find("[data-code=opponent]").getText()).isEqualTo(wrong);
            assertThat(find("[data-code=you]").getText()).isEqualTo(challenge.solution().strip());
            browser = bob;
            waitLong(battleId, d -> !d.findElements(By.cssSelector("[data-codes]")).isEmpty());
            assertThat(text("[data-battle-status]")).contains("won").doesNotStartWith("You won");
            assertThat(find("[data-code=opponent]").getText()).isEqualTo(challenge.solution().strip());
            assertAccessible();
            screenshot("battle-ended");

            open("/battles/history");
            assertThat(text("[data-history]")).contains("lost");
            browser = ann;
            open("/battles/leaderboard");
            assertThat(text("[data-battle-leaderboard]")).contains("1216");
            assertAccessible();
        } finally {
            browser = ann;
            bob.quit();
        }
    }

    /** Without JavaScript the battle page's editor is the plain text area, and its form submits the code. */
    @Test
    void withoutJavaScriptTheCodeIsAPlainTextAreaThatSubmits() {
        browser.quit();
        browser = startBrowser(true);
        Learner ann = register();
        Learner bob = register();
        dev.pylearn.infra.support.Api.Response requested = api.post("/api/battles", bob.token(),
                java.util.Map.of("opponent", ann.username()));
        assertThat(requested.status()).as(requested.text()).isEqualTo(201);
        String battleId = requested.json().get("battleId").asString();
        assertThat(api.post("/api/battles/" + battleId + "/accept", ann.token(), java.util.Map.of()).status())
                .isEqualTo(200);
        logIn(ann.username(), PASSWORD);
        open("/battles/" + battleId);
        assertThat(findAll(".CodeMirror")).isEmpty();
        assertThat(find("textarea#code").isDisplayed()).isTrue();
        type("code", "print(42)");
        submit("[data-battle-submit]");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> api.get(
                "/api/battles/" + battleId, ann.token()).json().get("you").get("submissions").asInt() == 1);
        assertThat(api.post("/api/battles/" + battleId + "/forfeit", ann.token(), java.util.Map.of()).status())
                .isEqualTo(200);
    }

    /**
     * Waits for what depends on the worker judging code (slow on a busy machine), and says where the
     * battle stood when it gives up.
     */
    private void waitLong(String battleId, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> done) {
        try {
            // the page reloads itself when the battle's status changes: an element read mid-reload is read again
            new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(90))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(done);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("battle-timeout");
            throw new AssertionError("gave up on " + browser.getCurrentUrl() + ": " + text("main") + "; battle row "
                    + jdbc.sql("SELECT row_to_json(b)::text FROM battle b WHERE battle_id = ?").param(battleId)
                    .query(String.class).optional().orElse("none") + "; submissions "
                    + jdbc.sql("SELECT json_agg(json_build_object('status', s.status, 'message', s.message, 'submitted',"
                            + " s.submitted_at, 'evaluated', s.evaluated_at))::text FROM submission s "
                            + "WHERE s.submission_id IN (SELECT a_last_submission FROM battle WHERE battle_id = ? "
                            + "UNION SELECT b_last_submission FROM battle WHERE battle_id = ?)")
                    .params(battleId, battleId).query(String.class).optional().orElse("none"), e);
        }
    }
}
