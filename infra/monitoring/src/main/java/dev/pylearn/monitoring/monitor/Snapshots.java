package dev.pylearn.monitoring.monitor;

import dev.pylearn.monitoring.observability.Traffic;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hourly snapshots in PostgreSQL ({@code metrics_snapshot}): every node adds the requests it served
 * since its last flush to the row of their hour, so the row is current within a flush interval and
 * several nodes never overwrite each other. Rows older than the retention (90 days) are deleted,
 * and so are resolved alerts.
 */
@Component
public class Snapshots {

    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

    /** One hour of history as the trends API returns it. */
    public record HourView(Instant hour, long requests, long errors, long slowRequests, double avgResponseMs,
                           long p95ResponseMs, int activeLearners, long statements, double statementsPerRequest) {
    }

    private final Traffic traffic;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration retention;

    Snapshots(Traffic traffic, JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock,
              @Value("${pylearn.monitor.retention:90d}") Duration retention) {
        this.traffic = traffic;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.retention = retention;
    }

    /** Adds this node's unsaved traffic to the hourly rows and applies the retention. */
    @Scheduled(fixedDelayString = "${pylearn.monitor.snapshot-interval:1m}",
            initialDelayString = "${pylearn.monitor.snapshot-interval:1m}")
    public void flush() {
        List<Traffic.Hour> hours = traffic.drainHours();
        try {
            transaction.executeWithoutResult(status -> {
                hours.forEach(this::store);
                Instant cutoff = clock.instant().minus(retention);
                jdbc.sql("DELETE FROM metrics_snapshot WHERE hour < ?").param(Timestamp.from(cutoff)).update();
                jdbc.sql("DELETE FROM metrics_active_learner WHERE hour < ?")
                        .param(Timestamp.from(clock.instant().minus(Duration.ofDays(2)))).update();
                jdbc.sql("DELETE FROM alert WHERE resolved_at < ?").param(Timestamp.from(cutoff)).update();
            });
        } catch (RuntimeException e) {
            traffic.restore(hours);
            log.warn("Storing the hourly snapshot failed; retried at the next flush: {}", e.getMessage());
        }
    }

    private void store(Traffic.Hour hour) {
        Traffic.Totals t = hour.totals();
        Timestamp at = Timestamp.from(hour.hour());
        String buckets = Arrays.stream(t.buckets).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
        jdbc.sql("""
                INSERT INTO metrics_snapshot (hour, requests, errors, slow_requests, total_ms, statements,
                                              latency_buckets, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::bigint[], ?)
                ON CONFLICT (hour) DO UPDATE SET
                    requests = metrics_snapshot.requests + EXCLUDED.requests,
                    errors = metrics_snapshot.errors + EXCLUDED.errors,
                    slow_requests = metrics_snapshot.slow_requests + EXCLUDED.slow_requests,
                    total_ms = metrics_snapshot.total_ms + EXCLUDED.total_ms,
                    statements = metrics_snapshot.statements + EXCLUDED.statements,
                    latency_buckets = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                        FROM unnest(metrics_snapshot.latency_buckets, EXCLUDED.latency_buckets)
                             WITH ORDINALITY AS x(a, b, i) ORDER BY i),
                    updated_at = EXCLUDED.updated_at
                """).params(at, t.requests, t.errors, t.slow, t.totalMs, t.statements, buckets,
                Timestamp.from(clock.instant())).update();
        if (!hour.learners().isEmpty()) {
            // learner ids are UUIDs: no commas
            jdbc.sql("INSERT INTO metrics_active_learner (hour, learner_id) "
                            + "SELECT ?, unnest(string_to_array(?, ',')) ON CONFLICT DO NOTHING")
                    .params(at, String.join(",", hour.learners())).update();
            jdbc.sql("UPDATE metrics_snapshot SET active_learners = "
                            + "(SELECT count(*) FROM metrics_active_learner WHERE hour = ?) WHERE hour = ?")
                    .params(at, at).update();
        }
    }

    /** The last {@code hours} hours, oldest first; hours without traffic are absent. One statement. */
    public List<HourView> trends(int hours) {
        Instant since = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofHours(hours - 1L));
        return jdbc.sql("SELECT hour, requests, errors, slow_requests, total_ms, statements, latency_buckets, "
                        + "active_learners FROM metrics_snapshot WHERE hour >= ? ORDER BY hour")
                .param(Timestamp.from(since))
                .query((rs, i) -> {
                    long requests = rs.getLong("requests");
                    long statements = rs.getLong("statements");
                    Array array = rs.getArray("latency_buckets");
                    Long[] values = (Long[]) array.getArray();
                    long[] buckets = Arrays.stream(values).mapToLong(v -> v == null ? 0 : v).toArray();
                    return new HourView(rs.getTimestamp("hour").toInstant(), requests, rs.getLong("errors"),
                            rs.getLong("slow_requests"), requests == 0 ? 0 : (double) rs.getLong("total_ms") / requests,
                            Traffic.percentileMs(buckets, 0.95), rs.getInt("active_learners"), statements,
                            requests == 0 ? 0 : (double) statements / requests);
                }).list();
    }
}
