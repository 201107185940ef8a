package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A learner changes their display name and time zone; every page that shows them follows. */
class AccountSettingsTest extends PlatformTest {

    @Test
    void aNewDisplayNameShowsInTheProfileAndOnTheLeaderboard() {
        Learner learner = register();
        api.post("/api/admin/learners/" + learner.learnerId() + "/xp", adminToken(),
                Map.of("amount", 90_000, "reason", "leaderboard test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> board(learner.token()).contains("Test " + learner.username()));

        Api.Response changed = api.put("/api/me/display-name", learner.token(), Map.of("displayName", "  Ada  Lovelace "));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("displayName").asString()).isEqualTo("Ada Lovelace");
        assertThat(changed.json().get("username").asString()).isEqualTo(learner.username());
        assertThat(changed.json().get("learnerId").asString()).isEqualTo(learner.learnerId());
        assertThat(changed.json().has("xp")).isTrue();
        // read your writes: the next read shows it, without waiting
        assertThat(api.get("/api/me", learner.token()).json().get("displayName").asString()).isEqualTo("Ada Lovelace");
        await().atMost(Duration.ofSeconds(10)).until(() -> board(learner.token()).contains("Ada Lovelace"));
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type = 'dev.pylearn.api.learner.DisplayNameChanged'")
                .param(learner.learnerId()).query(Long.class).single()).isEqualTo(1);
    }

    private String board(String token) {
        return api.get("/api/leaderboards/global?limit=100", token).text();
    }

    @Test
    void invisibleAndControlCharactersAreRefusedAndChangeNothing() {
        Learner learner = register();
        for (String name : new String[] {"Ada\u200BLovelace", "\u202Eecilop", "Ada\u0000", "\u3164", " ", "x".repeat(65)}) {
            assertProblem(api.put("/api/me/display-name", learner.token(), Map.of("displayName", name)), 400,
                    "invalid-display-name");
        }
        assertProblem(api.put("/api/me/display-name", learner.token(), "{}"), 400, "invalid-display-name");
        assertProblem(api.put("/api/me/display-name", learner.token(), "[1]"), 400, "malformed-body");
        assertProblem(api.put("/api/me/display-name", null, Map.of("displayName", "Ada")), 401,
                "authentication-required");
        assertThat(api.get("/api/me", learner.token()).json().get("displayName").asString())
                .isEqualTo("Test " + learner.username());
    }

    @Test
    void aNewTimezoneCountsDaysFromThenOn() {
        Learner learner = register("UTC");
        String lesson = lessonsOf("python-basics").get(0);
        assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status()).isEqualTo(200);

        Api.Response changed = api.put("/api/me/timezone", learner.token(), Map.of("timezone", "pacific/kiritimati"));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("timezone").asString()).isEqualTo("Pacific/Kiritimati");
        assertThat(api.get("/api/me", learner.token()).json().get("timezone").asString())
                .isEqualTo("Pacific/Kiritimati");
        JsonNode studyTime = api.get("/api/me/analytics/study-time?days=3", learner.token()).json();
        assertThat(studyTime.get("timezone").asString()).isEqualTo("Pacific/Kiritimati");

        // the day already counted stays as it was; analytics and achievements count in the new zone from now on
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.sql("SELECT timezone FROM analytics_learner WHERE learner_id = ?")
                    .param(learner.learnerId()).query(String.class).single()).isEqualTo("Pacific/Kiritimati");
            assertThat(jdbc.sql("SELECT timezone FROM achievement_progress WHERE learner_id = ?")
                    .param(learner.learnerId()).query(String.class).single()).isEqualTo("Pacific/Kiritimati");
        });
        assertThat(jdbc.sql("SELECT count(*) FROM analytics_daily_activity WHERE learner_id = ? AND lessons_completed > 0")
                .param(learner.learnerId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void fixedOffsetsAreRefusedInEverySpellingAndChangeNothing() {
        Learner learner = register("Europe/Berlin");
        for (String zone : new String[] {"+02:00", "UTC+2", "GMT+2", "Etc/GMT-2", "Z", "GMT", "EST", "Mars/Olympus"}) {
            assertProblem(api.put("/api/me/timezone", learner.token(), Map.of("timezone", zone)), 400,
                    "invalid-timezone");
        }
        assertProblem(api.put("/api/me/timezone", learner.token(), "{}"), 400, "invalid-timezone");
        assertThat(api.get("/api/me", learner.token()).json().get("timezone").asString()).isEqualTo("Europe/Berlin");
        Api.Response utc = api.put("/api/me/timezone", learner.token(), Map.of("timezone", "Etc/UTC"));
        assertThat(utc.status()).as(utc.text()).isEqualTo(200);
        assertThat(utc.json().get("timezone").asString()).isEqualTo("UTC");
    }

    @Test
    void registrationTakesTheSameRules() {
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "zw-name-" + System.nanoTime() % 100000,
                "password", PASSWORD, "displayName", "Eve\u200B", "timezone", "UTC")), 400, "invalid-display-name");
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "gmt-zone-" + System.nanoTime() % 100000,
                "password", PASSWORD, "timezone", "GMT+2")), 400, "invalid-timezone");
        Learner etc = register("Etc/UTC");
        assertThat(api.get("/api/me", etc.token()).json().get("timezone").asString()).isEqualTo("UTC");
    }
}
