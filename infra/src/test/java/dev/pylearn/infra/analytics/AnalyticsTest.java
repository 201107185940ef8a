package dev.pylearn.infra.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The learner's analytics, the analyst views over HTTP (JSON and CSV) and the read-only SQL role. */
class AnalyticsTest extends PlatformTest {

    @Autowired
    CatalogImporter catalog;

    @Autowired
    DataSource dataSource;

    @Test
    void studyTimeIsXpPerLocalDayWithEmptyDaysAsZero() {
        Learner learner = register("Pacific/Auckland");
        for (String lesson : lessonsOf("python-basics").subList(0, 3)) {
            api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null);
        }
        api.post("/api/admin/learners/" + learner.learnerId() + "/xp", adminToken(), Map.of("amount", 40, "reason", "bonus"));
        long totalXp = api.get("/api/me", learner.token()).json().get("xp").asLong();
        LocalDate today = LocalDate.now(ZoneId.of("Pacific/Auckland"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response week = api.get("/api/me/analytics/study-time?days=7", learner.token());
            assertThat(week.status()).as(week.text()).isEqualTo(200);
            JsonNode entries = week.json().get("entries");
            assertThat(entries).hasSize(7);
            assertThat(entries.get(6).get("day").asString()).isEqualTo(today.toString());
            assertThat(entries.get(0).get("day").asString()).isEqualTo(today.minusDays(6).toString());
            // everything was earned today, in the learner's own time zone
            assertThat(entries.get(6).get("xp").asLong()).isEqualTo(totalXp);
            assertThat(entries.get(6).get("lessonsCompleted").asInt()).isEqualTo(3);
            for (int i = 0; i < 6; i++) {
                assertThat(entries.get(i).get("xp").asLong()).isZero();
            }
            assertThat(week.json().get("totalXp").asLong()).isEqualTo(totalXp);
            assertThat(week.json().get("timezone").asString()).isEqualTo("Pacific/Auckland");
        });
        assertThat(api.get("/api/me/analytics/study-time", learner.token()).json().get("entries")).hasSize(7);
        assertThat(api.get("/api/me/analytics/study-time?days=30", learner.token()).json().get("entries")).hasSize(30);
        assertProblem(api.get("/api/me/analytics/study-time?days=0", learner.token()), 400, "invalid-days");
        assertProblem(api.get("/api/me/analytics/study-time?days=many", learner.token()), 400, "invalid-days");
        assertProblem(api.get("/api/me/analytics/study-time?days=7", null), 401, "authentication-required");
    }

    @Test
    void challengesByWeekCountsDistinctChallengesSolvedAndAttemptsToPass() {
        Learner learner = register();
        submitAndAwait(learner, "print('not it')");
        submitAndAwait(learner, challengeSolution("letter-grade"));
        submitAndAwait(learner, challengeSolution("letter-grade"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response weeks = api.get("/api/me/analytics/challenges-by-week?weeks=4", learner.token());
            assertThat(weeks.status()).as(weeks.text()).isEqualTo(200);
            JsonNode entries = weeks.json().get("entries");
            assertThat(entries).hasSize(4);
            // solved twice, counted once; earlier weeks are zero
            assertThat(entries.get(3).get("challengesSolved").asInt()).isEqualTo(1);
            assertThat(entries.get(0).get("challengesSolved").asInt()).isZero();
            assertThat(entries.get(3).get("week").asString()).matches("\\d{4}-W\\d{2}");
        });
        Map<String, Object> attempt = jdbc.sql("SELECT attempts, passed_on_attempt FROM analytics_challenge_attempt "
                + "WHERE learner_id = ? AND challenge_id = 'letter-grade'").param(learner.learnerId()).query().singleRow();
        assertThat(attempt).containsEntry("attempts", 3).containsEntry("passed_on_attempt", 2);
        assertProblem(api.get("/api/me/analytics/challenges-by-week?weeks=500", learner.token()), 400, "invalid-weeks");
    }

    @Test
    void analystViewsAreForAnalystsAndAdminsAsJsonAndCsv() {
        Learner learner = register();
        api.post("/api/me/lessons/" + lessonsOf("python-basics").get(0) + "/completion", learner.token(), null);
        assertProblem(api.get("/api/analytics/track-funnels", learner.token()), 403, "forbidden");

        Learner analyst = register();
        Api.Response granted = api.send(api.request("/api/admin/accounts/" + analyst.learnerId() + "/roles/analyst",
                adminToken()).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        assertThat(granted.json().get("roles").toString()).contains("ANALYST");
        String token = api.post("/api/auth/login", null, Map.of("username", analyst.username(), "password", PASSWORD))
                .json().get("token").asString();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response funnel = api.get("/api/analytics/track-funnels", token);
            assertThat(funnel.status()).as(funnel.text()).isEqualTo(200);
            JsonNode basics = funnel.json().valueStream()
                    .filter(t -> t.get("track_id").asString().equals("python-basics")).findFirst().orElseThrow();
            assertThat(basics.get("started").asLong()).isPositive();
            assertThat(basics.get("started").asLong()).isGreaterThanOrEqualTo(basics.get("halfway").asLong());
        });
        Api.Response csv = api.send(api.request("/api/analytics/track-funnels", token).header("Accept", "text/csv"));
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.text().lines().toList();
        assertThat(lines.get(0)).isEqualTo("track_id,title,lesson_count,started,halfway,finished");
        assertThat(lines).anyMatch(line -> line.startsWith("python-basics,"));

        for (String view : List.of("daily-activity", "challenge-pass-rates", "weekly-active-learners")) {
            assertThat(api.get("/api/analytics/" + view, adminToken()).status()).as(view).isEqualTo(200);
        }
        Api.Response weekly = api.send(api.request("/api/analytics/weekly-active-learners", token)
                .header("Accept", "text/csv"));
        assertThat(weekly.text().lines().findFirst().orElseThrow())
                .isEqualTo("iso_week,active_learners,xp,lessons_completed,challenges_solved");
        assertProblem(api.get("/api/analytics/learner-passwords", token), 404, "unknown-analytics-view");
        assertProblem(api.get("/api/analytics/daily-activity?limit=0", token), 400, "invalid-limit");
        assertProblem(api.send(api.request("/api/admin/accounts/" + analyst.learnerId() + "/roles/wizard", adminToken())
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody())), 400, "unknown-role");
        assertProblem(api.send(api.request("/api/admin/accounts/nobody/roles/analyst", adminToken())
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody())), 404, "unknown-account");
    }

    @Test
    void theAnalystRoleReadsTheViewsAndNothingElse() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET ROLE pylearn_analyst");
            try {
                for (String view : List.of("daily_activity", "challenge_pass_rates", "track_funnel",
                        "weekly_active_learners")) {
                    try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM analyst." + view)) {
                        assertThat(rows.next()).isTrue();
                    }
                }
                assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM learner_dashboard"))
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM analyst.daily_activity"))
                        .hasMessageContaining("permission denied");
            } finally {
                sql.execute("RESET ROLE");
            }
        }
    }

    private String challengeSolution(String id) {
        return catalog.readChallenges().stream().filter(c -> c.content().challengeId().equals(id)).findFirst()
                .orElseThrow().solution();
    }

    private void submitAndAwait(Learner learner, String code) {
        Api.Response response = api.post("/api/challenges/letter-grade/submissions", learner.token(), Map.of("code", code));
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        String id = response.json().get("submissionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of("passed", "failed", "error")
                .contains(api.get("/api/submissions/" + id, learner.token()).json().get("status").asString()));
    }
}
