package dev.pylearn.monitoring.monitor;

import dev.pylearn.monitoring.observability.MonitorSettings;
import dev.pylearn.monitoring.observability.QueryTracker;
import dev.pylearn.monitoring.observability.Traffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the alert rules over the sliding window every {@code pylearn.alerts.interval}: error rate,
 * average response time and share of slow requests (overall, as endpoint {@code all}, and per route,
 * each once it has {@code min-requests} requests in the window), N+1 warnings per endpoint, processor
 * lag, events parked in a processor's dead-letter queue, and a failing code runner (backend errors in
 * the window). A condition that holds opens an
 * alert once (the partial unique index on open alerts makes a repeat a no-op); an open alert whose
 * condition no longer holds is resolved.
 *
 * <p>Each node judges its own traffic; with several nodes an alert opened by one may be resolved by
 * another that does not see the condition (the table keeps both times). Lag, dead letters and the
 * worker are judged from shared state and agree across nodes.
 */
@Component
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    /** A stored alert. */
    public record AlertView(long id, String rule, String endpoint, String severity, String message, double value,
                            double threshold, Instant openedAt, Instant resolvedAt) {
    }

    private record Firing(String rule, String endpoint, String severity, String message, double value,
                          double threshold) {
    }

    private record Sample(Instant at, Map<String, Long> nPlusOne, double backendErrors) {
    }

    private final Traffic traffic;
    private final QueryTracker tracker;
    private final SystemSampler sampler;
    private final AlertSettings thresholds;
    private final MonitorSettings monitor;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final AtomicLong open = new AtomicLong();

    Alerts(Traffic traffic, QueryTracker tracker, SystemSampler sampler, AlertSettings thresholds,
           MonitorSettings monitor, JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.traffic = traffic;
        this.tracker = tracker;
        this.sampler = sampler;
        this.thresholds = thresholds;
        this.monitor = monitor;
        this.jdbc = jdbc;
        this.clock = clock;
        this.registry = registry;
        Gauge.builder("pylearn.alerts.open", open, AtomicLong::get).description("Open alerts").register(registry);
    }

    @Scheduled(fixedDelayString = "${pylearn.alerts.interval:30s}", initialDelayString = "${pylearn.alerts.interval:30s}")
    void scheduled() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.warn("Evaluating the alert rules failed: {}", e.getMessage());
        }
    }

    /** Evaluates every rule now; opens and resolves alerts. Returns the conditions that hold. */
    public synchronized List<String> evaluate() {
        Instant now = clock.instant();
        Map<String, Firing> firing = new LinkedHashMap<>();
        Traffic.Window window = traffic.window();
        judgeTraffic("all", window.all(), firing);
        window.routes().forEach((route, totals) -> judgeTraffic(route, totals, firing));

        Sample current = new Sample(now, tracker.nPlusOneByEndpoint(), backendErrors());
        Sample baseline = baseline(now, current);
        current.nPlusOne().forEach((endpoint, total) -> {
            long inWindow = total - baseline.nPlusOne().getOrDefault(endpoint, 0L);
            if (inWindow > thresholds.getRepeatedStatementWarnings()) {
                add(firing, new Firing("n-plus-one", endpoint, "warning", endpoint + " ran " + inWindow
                        + " requests or batches with repeated statements (N+1) in the last "
                        + minutes() + " min", inWindow, thresholds.getRepeatedStatementWarnings()));
            }
        });
        double backendErrors = current.backendErrors() - baseline.backendErrors();
        if (backendErrors > 0) {
            add(firing, new Firing("worker-backend-failing", "code-runner", "critical", "The code runner failed "
                    + (long) backendErrors + " call(s) after all retries in the last " + minutes() + " min",
                    backendErrors, 0));
        }
        double lagLimit = thresholds.getProjectionLag().toMillis() / 1000.0;
        sampler.lags().values().forEach(lag -> {
            if (lag.seconds() > lagLimit) {
                add(firing, new Firing("projection-lag", lag.processor(), "warning", "Event processor "
                        + lag.processor() + " is " + Math.round(lag.seconds()) + " s (" + lag.events()
                        + " events) behind", lag.seconds(), lagLimit));
            }
        });
        sampler.deadLetters().forEach((processor, parked) -> {
            if (parked > thresholds.getDeadLetters()) {
                add(firing, new Firing("dead-letters", processor, "critical", "Event processor " + processor + " has "
                        + parked + " event(s) parked after failing; see GET /api/admin/projections/" + processor
                        + "/dead-letters, fix the cause, then retry", parked, thresholds.getDeadLetters()));
            }
        });

        for (Firing f : firing.values()) {
            int opened = jdbc.sql("""
                    INSERT INTO alert (rule, endpoint, severity, message, value, threshold, opened_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (rule, endpoint) WHERE resolved_at IS NULL DO NOTHING
                    """).params(f.rule(), f.endpoint(), f.severity(), f.message(), f.value(), f.threshold(),
                    Timestamp.from(now)).update();
            if (opened == 1) {
                log.warn("Alert opened ({}, {}): {}", f.rule(), f.severity(), f.message());
                Counter.builder("pylearn.alerts.opened").tag("rule", f.rule()).register(registry).increment();
            }
        }
        List<String[]> stillOpen = jdbc.sql("SELECT rule, endpoint FROM alert WHERE resolved_at IS NULL")
                .query((rs, i) -> new String[]{rs.getString("rule"), rs.getString("endpoint")}).list();
        for (String[] alert : stillOpen) {
            if (!firing.containsKey(alert[0] + "\n" + alert[1])) {
                jdbc.sql("UPDATE alert SET resolved_at = ? WHERE rule = ? AND endpoint = ? AND resolved_at IS NULL")
                        .params(Timestamp.from(now), alert[0], alert[1]).update();
                log.info("Alert resolved ({}, {})", alert[0], alert[1]);
            }
        }
        open.set(firing.size());
        return firing.keySet().stream().map(k -> k.replace('\n', ' ')).toList();
    }

    private void judgeTraffic(String endpoint, Traffic.Totals totals, Map<String, Firing> firing) {
        if (totals.requests < thresholds.getMinRequests()) {
            return;
        }
        String window = " in the last " + minutes() + " min (" + totals.requests + " requests)";
        if (totals.errorRate() > thresholds.getErrorRate()) {
            add(firing, new Firing("error-rate", endpoint, "critical", String.format("%s: %.1f%% of requests failed "
                    + "with a 5xx%s", endpoint, totals.errorRate() * 100, window), totals.errorRate(),
                    thresholds.getErrorRate()));
        }
        double avgLimit = thresholds.getAvgResponse().toMillis();
        if (totals.avgMs() > avgLimit) {
            add(firing, new Firing("avg-response", endpoint, "warning", String.format("%s: average response %.0f ms%s",
                    endpoint, totals.avgMs(), window), totals.avgMs(), avgLimit));
        }
        if (totals.slowRate() > thresholds.getSlowRequests()) {
            add(firing, new Firing("slow-requests", endpoint, "warning", String.format("%s: %.1f%% of requests took "
                            + "over %d ms%s", endpoint, totals.slowRate() * 100, monitor.getSlowRequest().toMillis(), window),
                    totals.slowRate(), thresholds.getSlowRequests()));
        }
    }

    private static void add(Map<String, Firing> firing, Firing f) {
        firing.put(f.rule() + "\n" + f.endpoint(), f);
    }

    /** The sample the window starts from: the newest one at least a window old, else the oldest kept. */
    private Sample baseline(Instant now, Sample current) {
        Instant start = now.minus(monitor.getWindow());
        Sample baseline = null;
        while (!samples.isEmpty() && !samples.peekFirst().at().isAfter(start)) {
            baseline = samples.pollFirst();
        }
        if (baseline != null) {
            samples.addFirst(baseline);
        } else {
            baseline = samples.isEmpty() ? new Sample(now, Map.of(), 0) : samples.peekFirst();
        }
        samples.addLast(current);
        return baseline;
    }

    private double backendErrors() {
        Counter errors = registry.find("pylearn.worker.backend.errors").counter();
        return errors == null ? 0 : errors.count();
    }

    private long minutes() {
        return Math.max(1, monitor.getWindow().toMinutes());
    }

    public List<AlertView> open() {
        return jdbc.sql("SELECT * FROM alert WHERE resolved_at IS NULL ORDER BY opened_at DESC").query(this::view).list();
    }

    public List<AlertView> recent(int limit) {
        return jdbc.sql("SELECT * FROM alert ORDER BY opened_at DESC, id DESC LIMIT ?").param(limit)
                .query(this::view).list();
    }

    private AlertView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new AlertView(rs.getLong("id"), rs.getString("rule"), rs.getString("endpoint"), rs.getString("severity"),
                rs.getString("message"), rs.getDouble("value"), rs.getDouble("threshold"),
                rs.getTimestamp("opened_at").toInstant(), resolved == null ? null : resolved.toInstant());
    }
}
