package dev.pylearn.infra.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code /actuator/prometheus}: who may scrape it, and that it carries every figure the README names. */
class MetricsEndpointTest extends PlatformTest {

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
                "eventProcessor_latency"); // axon-micrometer: processor lag and throughput
    }

    private java.net.http.HttpRequest.Builder basic(String user, String password) {
        return api.request("/actuator/prometheus", null).header("Authorization", basicHeader(user, password)).GET();
    }

    private static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
