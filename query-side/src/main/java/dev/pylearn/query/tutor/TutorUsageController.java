package dev.pylearn.query.tutor;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/monitor/tutor} (admins): the tutor's usage over the last 24 hours by provider,
 * from the projected usage events, for the monitor page. Kept apart from the monitor's own endpoint
 * so the monitor can move without it.
 */
@RestController
class TutorUsageController {

    /** One provider's last 24 hours. */
    record ProviderUsage(String provider, long questions, long answered, long failed, long learners, long tokensIn,
                         long tokensOut, Long avgLatencyMs, Long p95LatencyMs) {
    }

    private final JdbcClient jdbc;

    TutorUsageController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/admin/monitor/tutor")
    List<ProviderUsage> usage() {
        return jdbc.sql("""
                        SELECT coalesce(provider, 'pending') AS provider, count(*) AS questions,
                               count(*) FILTER (WHERE status = 'answered') AS answered,
                               count(*) FILTER (WHERE status = 'failed') AS failed,
                               count(DISTINCT learner_id) AS learners,
                               coalesce(sum(tokens_in), 0) AS tokens_in, coalesce(sum(tokens_out), 0) AS tokens_out,
                               round(avg(latency_ms) FILTER (WHERE status = 'answered')) AS avg_latency,
                               percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms)
                                   FILTER (WHERE status = 'answered') AS p95_latency
                        FROM tutor_message WHERE asked_at > now() - interval '24 hours'
                        GROUP BY coalesce(provider, 'pending') ORDER BY questions DESC""")
                .query((rs, n) -> new ProviderUsage(rs.getString("provider"), rs.getLong("questions"),
                        rs.getLong("answered"), rs.getLong("failed"), rs.getLong("learners"), rs.getLong("tokens_in"),
                        rs.getLong("tokens_out"), (Long) rs.getObject("avg_latency", Long.class),
                        (Long) rs.getObject("p95_latency", Long.class)))
                .list();
    }
}
