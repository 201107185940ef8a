package dev.pylearn.monitoring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Query tracking on the real datasource: statements are seen through datasource-proxy on the thread
 * that runs them, per request route and per event-processor batch, with N+1 detection and the slow
 * statement log, as the admin monitor shows them.
 */
@ExtendWith(OutputCaptureExtension.class)
class QueryTrackingTest extends PlatformTest {

    @Autowired
    QueryTracker tracker;

    @Autowired
    TrackingSettings settings;

    @Autowired
    MeterRegistry registry;

    @AfterEach
    void defaults() {
        settings.setSlowStatement(Duration.ofMillis(100));
        settings.setRepeatedStatements(5);
    }

    @Test
    void requestsAndHandlerBatchesAreTrackedPerEndpoint() {
        Learner learner = register();
        String lesson = lessonsOf("python-basics").get(0);
        assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status()).isEqualTo(200);
        assertThat(api.get("/api/me/dashboard", learner.token()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode endpoints = monitor().get("statements").get("endpoints");
            JsonNode dashboard = find(endpoints, "GET /api/me/dashboard");
            assertThat(dashboard).as(endpoints.toString()).isNotNull();
            assertThat(dashboard.get("kind").asString()).isEqualTo("http");
            assertThat(dashboard.get("maxStatements").asInt()).isBetween(0, 1);
            JsonNode completion = find(endpoints, "POST /api/me/lessons/{lessonId}/completion");
            assertThat(completion.get("statements").asLong()).isPositive();
            JsonNode batch = find(endpoints, "event-processor learner-dashboard");
            assertThat(batch).as(endpoints.toString()).isNotNull();
            assertThat(batch.get("kind").asString()).isEqualTo("handler");
            assertThat(batch.get("statements").asLong()).isPositive();
        });
        assertThat(registry.find("pylearn.handler.statements").tag("processor", "event-processor learner-dashboard")
                .summary().count()).isPositive();
    }

    @Test
    void repeatedStatementsOfOneShapeAreAnNPlusOneWarnedOnceAndCountedEveryTime(CapturedOutput output) {
        String endpoint = "GET /test/n-plus-one-" + UUID.randomUUID();
        runNPlusOne(endpoint, 7);
        runNPlusOne(endpoint, 8);
        runNPlusOne(endpoint, 5); // at the threshold: not an N+1

        Counter counter = registry.find("pylearn.db.n_plus_one").tag("endpoint", endpoint).counter();
        assertThat(counter.count()).isEqualTo(2);
        long warnings = output.getAll().lines().filter(l -> l.contains("N+1: " + endpoint)).count();
        assertThat(warnings).as("logged once").isEqualTo(1);
        assertThat(output.getAll()).contains("SELECT count(*) FROM learner_dashboard WHERE learner_id = ?");

        JsonNode panel = monitor().get("statements").get("nPlusOne");
        JsonNode entry = find(panel, endpoint);
        assertThat(entry.get("sql").asString()).isEqualTo("SELECT count(*) FROM learner_dashboard WHERE learner_id = ?");
        assertThat(entry.get("occurrences").asLong()).isEqualTo(2);
        assertThat(entry.get("maxRepeats").asInt()).isEqualTo(8);
    }

    @Test
    void slowStatementsAreLoggedWithTheirEndpointAndNoValues() {
        settings.setSlowStatement(Duration.ofMillis(50));
        String endpoint = "GET /test/slow-" + UUID.randomUUID();
        QueryTracker.Scope scope = tracker.begin(endpoint, "http");
        jdbc.sql("SELECT pg_sleep(0.08), 'a-secret-value' AS secret").query().singleRow();
        jdbc.sql("SELECT 'fast'").query().singleRow();
        tracker.end(scope, null);

        JsonNode slow = monitor().get("statements").get("slow");
        JsonNode entry = find(slow, endpoint);
        assertThat(entry).as(slow.toString()).isNotNull();
        assertThat(entry.get("sql").asString()).isEqualTo("SELECT pg_sleep(?), ? AS secret").doesNotContain("secret-value");
        assertThat(entry.get("durationMs").asLong()).isGreaterThanOrEqualTo(50);
        assertThat(slow.valueStream().filter(s -> s.get("endpoint").asString().equals(endpoint)).count()).isEqualTo(1);

        JsonNode byTime = monitor().get("statements").get("topByTime");
        assertThat(byTime.size()).isBetween(1, 10);
        assertThat(byTime.get(0).get("totalMs").asDouble())
                .isGreaterThanOrEqualTo(byTime.get(byTime.size() - 1).get("totalMs").asDouble());
        JsonNode byCount = monitor().get("statements").get("topByCount");
        assertThat(byCount.get(0).get("count").asLong())
                .isGreaterThanOrEqualTo(byCount.get(byCount.size() - 1).get("count").asLong());
    }

    private void runNPlusOne(String endpoint, int repeats) {
        QueryTracker.Scope scope = tracker.begin(endpoint, "http");
        for (int i = 0; i < repeats; i++) {
            jdbc.sql("SELECT count(*) FROM learner_dashboard WHERE learner_id = ?").param("learner-" + i)
                    .query(Long.class).single();
        }
        tracker.end(scope, null);
    }

    private JsonNode monitor() {
        Api.Response response = api.get("/api/admin/monitor", adminToken());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    static JsonNode find(JsonNode array, String endpoint) {
        return array.valueStream().filter(e -> e.get("endpoint").asString().equals(endpoint)).findFirst().orElse(null);
    }
}
