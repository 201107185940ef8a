package dev.pylearn.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.monitoring.observability.MonitorSettings;
import dev.pylearn.monitoring.observability.QueryTracker;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Alerts are caused for real (slow requests, a stopped processor, N+1s on the real datasource) with
 * thresholds tightened on the running node, and must open once and resolve when the condition clears.
 */
class AlertsTest extends PlatformTest {

    @Autowired
    Alerts alerts;

    @Autowired
    AlertSettings thresholds;

    @Autowired
    MonitorSettings monitor;

    @Autowired
    SystemSampler sampler;

    @Autowired
    QueryTracker tracker;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    MeterRegistry registry;

    @AfterEach
    void defaults() {
        AlertSettings defaults = new AlertSettings();
        thresholds.setMinRequests(defaults.getMinRequests());
        thresholds.setSlowRequests(defaults.getSlowRequests());
        thresholds.setProjectionLag(defaults.getProjectionLag());
        thresholds.setRepeatedStatementWarnings(defaults.getRepeatedStatementWarnings());
        monitor.setSlowRequest(new MonitorSettings().getSlowRequest());
        monitor.setWindow(new MonitorSettings().getWindow());
    }

    @Test
    void slowRequestsOpenAnAlertOnceAndResolveWhenTheConditionClears() {
        Learner learner = register();
        thresholds.setMinRequests(3);
        // every request is slow from now on, and any share of slow requests is too many (requests of
        // other tests in the window were judged by the default threshold when they were made)
        monitor.setSlowRequest(Duration.ZERO);
        thresholds.setSlowRequests(0.0);
        for (int i = 0; i < 4; i++) {
            assertThat(api.get("/api/me", learner.token()).status()).isEqualTo(200);
        }
        assertThat(alerts.evaluate()).contains("slow-requests GET /api/me");
        alerts.evaluate();
        Map<String, Object> row = jdbc.sql("SELECT count(*) AS n, max(severity) AS severity, max(message) AS message, "
                        + "bool_and(resolved_at IS NULL) AS open FROM alert WHERE rule = 'slow-requests' AND endpoint = 'GET /api/me'")
                .query().singleRow();
        assertThat(row.get("n")).as("opened once").isEqualTo(1L);
        assertThat(row.get("open")).isEqualTo(true);
        assertThat(row.get("severity")).isEqualTo("warning");
        assertThat((String) row.get("message")).matches("GET /api/me: \\d+\\.\\d% of requests took over 0 ms in the last 5 min "
                + "\\(\\d+ requests\\)");
        assertThat(api.get("/api/admin/monitor", adminToken()).json().get("alerts").get("open").valueStream()
                .anyMatch(a -> a.get("rule").asString().equals("slow-requests")
                        && a.get("endpoint").asString().equals("GET /api/me"))).isTrue();

        thresholds.setSlowRequests(1.0); // no share can be over 100 %: the condition is gone
        assertThat(alerts.evaluate()).doesNotContain("slow-requests GET /api/me");
        assertThat(jdbc.sql("SELECT count(*) FROM alert WHERE rule = 'slow-requests' AND endpoint = 'GET /api/me' "
                + "AND resolved_at IS NOT NULL AND resolved_at >= opened_at").query(Long.class).single()).isEqualTo(1);
        assertThat(alerts.open()).noneMatch(a -> a.rule().equals("slow-requests") && a.endpoint().equals("GET /api/me"));
    }

    @Test
    void aStoppedProjectionLagsIntoAnAlertThatResolvesOnceItCaughtUp() {
        StreamingEventProcessor achievements = processing.eventProcessor("achievement-stats",
                StreamingEventProcessor.class).orElseThrow();
        thresholds.setProjectionLag(Duration.ofMillis(1));
        stop(achievements);
        try {
            Learner learner = register();
            String lesson = lessonsOf("python-basics").get(0);
            assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                sampler.sample();
                SystemSampler.Lag lag = sampler.lags().get("achievement-stats");
                assertThat(lag.events()).isPositive();
                assertThat(lag.seconds()).isGreaterThan(0.001);
            });
            assertThat(alerts.evaluate()).contains("projection-lag achievement-stats");
            assertThat(alerts.open()).anyMatch(a -> a.rule().equals("projection-lag")
                    && a.endpoint().equals("achievement-stats") && a.message().contains("behind"));
        } finally {
            start(achievements);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            sampler.sample();
            assertThat(sampler.lags().get("achievement-stats").events()).isZero();
        });
        assertThat(alerts.evaluate()).doesNotContain("projection-lag achievement-stats");
        assertThat(alerts.open()).noneMatch(a -> a.rule().equals("projection-lag")
                && a.endpoint().equals("achievement-stats"));
        assertThat(alerts.recent(50)).anyMatch(a -> a.rule().equals("projection-lag")
                && a.endpoint().equals("achievement-stats") && a.resolvedAt() != null);
    }

    /**
     * A code-runner call that failed after all retries is counted by BackendGuard on this counter
     * (PistonRunnerTest proves that against a failing Piston); here one such failure is counted on the
     * running node's counter, and the alert must open, then resolve once the failure left the window.
     */
    @Test
    void aFailingCodeRunnerOpensAnAlertUntilTheFailureLeftTheWindow() throws InterruptedException {
        monitor.setWindow(Duration.ofSeconds(1));
        alerts.evaluate();
        registry.counter("pylearn.worker.backend.errors").increment();
        assertThat(alerts.evaluate()).contains("worker-backend-failing code-runner");
        assertThat(alerts.open()).anyMatch(a -> a.rule().equals("worker-backend-failing")
                && a.severity().equals("critical") && a.message().startsWith("The code runner failed 1 call(s)"));
        Thread.sleep(1100); // the window moves past the failure
        assertThat(alerts.evaluate()).doesNotContain("worker-backend-failing code-runner");
        assertThat(alerts.open()).noneMatch(a -> a.rule().equals("worker-backend-failing"));
    }

    @Test
    void nPlusOneWarningsOverTheLimitOpenAnAlertForTheirEndpoint() {
        thresholds.setRepeatedStatementWarnings(1);
        String endpoint = "GET /test/alerting-" + UUID.randomUUID();
        for (int run = 0; run < 2; run++) {
            QueryTracker.Scope scope = tracker.begin(endpoint, "http");
            for (int i = 0; i < 6; i++) {
                jdbc.sql("SELECT xp FROM learner_dashboard WHERE learner_id = ?").param("nobody-" + i).query().listOfRows();
            }
            tracker.end(scope, null);
        }
        assertThat(alerts.evaluate()).contains("n-plus-one " + endpoint);
        thresholds.setRepeatedStatementWarnings(10);
        assertThat(alerts.evaluate()).doesNotContain("n-plus-one " + endpoint);
        assertThat(alerts.recent(50)).anyMatch(a -> a.endpoint().equals(endpoint) && a.resolvedAt() != null
                && a.value() == 2 && a.threshold() == 1);
    }
}
