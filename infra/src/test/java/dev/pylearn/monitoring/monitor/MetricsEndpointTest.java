package dev.pylearn.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import dev.pylearn.monitoring.observability.QueryTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;

/** {@code /actuator/prometheus}: who may scrape it, and that it carries every figure the README names. */
class MetricsEndpointTest extends PlatformTest {

    @Autowired
    QueryTracker tracker;

    @Test
    void prometheusIsForAdminsAndTheScrapeCredentialOnly() {
        Learner learner = register();
        assertProblem(api.get("/actuator/prometheus", null), 401, "authentication-required");
        assertProblem(api.get("/actuator/prometheus", learner.token()), 403, "forbidden");
        assertThat(api.send(basic("prometheus", "wrong password")).status()).isEqualTo(401);
        assertThat(api.send(basic("prometheus", SCRAPE_PASSWORD)).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", adminToken()).status()).isEqualTo(200);
        // the scrape credential opens the metrics, nothing else
        assertThat(api.send(api.request("/api/admin/monitor", null).header("Authorization",
                basicHeader("prometheus", SCRAPE_PASSWORD)).GET()).status()).isEqualTo(401);
    }

    @Test
    void everyNamedFigureIsExported() {
        Learner learner = register();
        String lesson = lessonsOf("python-basics").get(0);
        assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status()).isEqualTo(200);
        assertThat(api.get("/api/me/dashboard", learner.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/me/no-such-page", learner.token()).status()).isEqualTo(404);

        Api.Response scrape = api.send(basic("prometheus", SCRAPE_PASSWORD));
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.text()).contains(
                "http_server_requests_seconds_bucket{", // latency histograms per route
                "uri=\"/api/me/dashboard\"",
                "status=\"404\"", // error counts by status and outcome
                "pylearn_http_statements_count{",
                "pylearn_http_db_time_seconds_count{",
                "pylearn_handler_statements_count{",
                "pylearn_db_slow_statements_total",
                "cache_gets_total{",
                "pylearn_projection_lag_seconds{",
                "pylearn_worker_queue_depth{",
                "pylearn_worker_runs_total",
                "pylearn_worker_backend_errors_total",
                "pylearn_worker_backend_retries_total",
                "hikaricp_connections_active{",
                "jvm_memory_used_bytes{",
                "pylearn_alerts_open",
                "pylearn_dead_letters{", // parked events per processor, zero included
                "pylearn_projection_events_total{"); // events each processor took in
    }

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsExported() throws Exception {
        // an N+1 and a slow statement, so that their counters exist
        QueryTracker.Scope scope = tracker.begin("GET /test/dashboard-metrics", "http");
        for (int i = 0; i < 6; i++) {
            jdbc.sql("SELECT xp FROM learner_dashboard WHERE learner_id = ?").param("nobody-" + i).query().listOfRows();
        }
        tracker.end(scope, null);
        assertThat(api.get("/api/tracks", null).status()).isEqualTo(200); // a request timer
        String scrape = api.send(basic("prometheus", SCRAPE_PASSWORD)).text();
        Set<String> exported = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());

        Set<String> read = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b([a-zA-Z_][a-zA-Z0-9_]*)\\s*[{\\[]");
        String rules = Files.readString(Path.of("deploy", "prometheus", "alerts.yml"));
        String dashboard = Files.readString(Path.of("deploy", "grafana", "dashboards", "pylearn.json"));
        for (String text : List.of(rules, dashboard)) {
            Matcher m = metric.matcher(text.replace("\\\"", "\""));
            while (m.find()) {
                if (m.group(1).contains("_") && !m.group(1).equals("__name__")) {
                    read.add(m.group(1));
                }
            }
        }
        read.addAll(List.of("hikaricp_connections_active", "hikaricp_connections_idle", "hikaricp_connections_pending",
                "hikaricp_connections_max"));
        assertThat(read).hasSizeGreaterThan(15);
        assertThat(exported).containsAll(read);
    }

    private java.net.http.HttpRequest.Builder basic(String user, String password) {
        return api.request("/actuator/prometheus", null).header("Authorization", basicHeader(user, password)).GET();
    }

    private static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
