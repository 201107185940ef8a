package dev.pylearn.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/admin/monitor} and its hourly history, as an admin reads them. */
class MonitorApiTest extends PlatformTest {

    @Autowired
    Snapshots snapshots;

    @Test
    void monitorShowsLiveFiguresOfEveryPanel() {
        Learner learner = register();
        String lesson = lessonsOf("python-basics").get(0);
        assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/me/dashboard", learner.token()).status()).isEqualTo(200);
            // a probe, whatever it answers: 503 while another test's replay has a processor stopped
            assertThat(api.get("/actuator/health", null).status()).isIn(200, 503);
        }
        JsonNode monitor = api.get("/api/admin/monitor", adminToken()).json();
        assertThat(monitor.get("routes").valueStream().map(r -> r.get("endpoint").asString()))
                .as("probes and scrapes are not traffic").noneMatch(route -> route.contains("/actuator"));
        assertThat(monitor.get("requests").get("count").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(monitor.get("requests").get("p95Ms").asLong()).isPositive();
        assertThat(monitor.get("routes").valueStream().anyMatch(r -> r.get("endpoint").asString()
                .equals("GET /api/me/dashboard") && r.get("requests").asLong() >= 3)).isTrue();
        // answered asynchronously (the command waits for its read model): timed until its response completed
        assertThat(monitor.get("routes").valueStream().anyMatch(r -> r.get("endpoint").asString()
                .equals("POST /api/me/lessons/{lessonId}/completion") && r.get("requests").asLong() >= 1
                && r.get("statementsPerRequest").asDouble() > 0)).as(monitor.get("routes").toString()).isTrue();
        assertThat(monitor.get("series").size()).isEqualTo(60);
        assertThat(monitor.get("projections").valueStream().map(p -> p.get("processor").asString()))
                .contains("learner-dashboard", "catalog", "execution-worker");
        assertThat(monitor.get("worker").has("queued")).isTrue();
        assertThat(monitor.get("pool").get("max").asDouble()).isPositive();
        assertThat(monitor.get("memory").get("heapUsedBytes").asLong()).isPositive();
        assertThat(monitor.get("alerts").get("recent").isArray()).isTrue();
    }

    @Test
    void monitorIsForAdminsOnly() {
        Learner learner = register();
        assertProblem(api.get("/api/admin/monitor", null), 401, "authentication-required");
        assertProblem(api.get("/api/admin/monitor", learner.token()), 403, "forbidden");
        assertProblem(api.get("/api/admin/monitor/trends?hours=24", learner.token()), 403, "forbidden");
    }

    @Test
    void trendsAddEveryFlushToTheRowOfItsHour() {
        Learner learner = register();
        String admin = adminToken();
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/me/dashboard", learner.token()).status()).isEqualTo(200);
        }
        snapshots.flush();
        JsonNode first = currentHour(api.get("/api/admin/monitor/trends?hours=24", admin));
        assertThat(first.get("requests").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(first.get("activeLearners").asInt()).isPositive();
        assertThat(first.get("p95ResponseMs").asLong()).isPositive();
        assertThat(first.get("avgResponseMs").asDouble()).isPositive();

        snapshots.flush(); // the trends request above is added to the same hour, nothing is lost or replaced
        JsonNode second = currentHour(api.get("/api/admin/monitor/trends", admin));
        assertThat(second.get("requests").asLong()).isGreaterThan(first.get("requests").asLong());
    }

    @Test
    void snapshotsOlderThanNinetyDaysAreDeleted() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        insertSnapshot(hour.minus(Duration.ofDays(91)));
        insertSnapshot(hour.minus(Duration.ofDays(89)));
        snapshots.flush();
        assertThat(jdbc.sql("SELECT count(*) FROM metrics_snapshot WHERE hour = ?")
                .param(Timestamp.from(hour.minus(Duration.ofDays(91)))).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM metrics_snapshot WHERE hour = ?")
                .param(Timestamp.from(hour.minus(Duration.ofDays(89)))).query(Long.class).single()).isOne();
        Api.Response history = api.get("/api/admin/monitor/trends?hours=2160", adminToken());
        assertThat(history.json().get(0).get("hour").asString())
                .isEqualTo(hour.minus(Duration.ofDays(89)).toString());
    }

    @Test
    void badHoursAreRefusedWithAProblem() {
        String admin = adminToken();
        assertProblem(api.get("/api/admin/monitor/trends?hours=0", admin), 400, "invalid-hours");
        assertProblem(api.get("/api/admin/monitor/trends?hours=2161", admin), 400, "invalid-hours");
        assertProblem(api.get("/api/admin/monitor/trends?hours=abc", admin), 400, "invalid-hours");
    }

    private void insertSnapshot(Instant hour) {
        jdbc.sql("INSERT INTO metrics_snapshot (hour, requests, errors, slow_requests, total_ms, statements, "
                        + "latency_buckets, updated_at) VALUES (?, 1, 0, 0, 5, 1, '{1}', now()) ON CONFLICT DO NOTHING")
                .param(Timestamp.from(hour)).update();
    }

    private static JsonNode currentHour(Api.Response trends) {
        assertThat(trends.status()).as(trends.text()).isEqualTo(200);
        JsonNode last = trends.json().get(trends.json().size() - 1);
        assertThat(last.get("hour").asString()).isEqualTo(Instant.now().truncatedTo(ChronoUnit.HOURS).toString());
        return last;
    }
}
