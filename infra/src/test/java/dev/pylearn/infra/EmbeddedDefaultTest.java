package dev.pylearn.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Quick start: with nothing configured, PyLearn starts its own PostgreSQL and serves the
 * catalog and a learner's first steps. A second start on the same data directory publishes nothing.
 */
class EmbeddedDefaultTest {

    @TempDir
    Path dataDir;

    @Test
    void startsWithNothingConfiguredAndKeepsItsDataAcrossRestarts() {
        String learnerToken;
        try (ConfigurableApplicationContext app = start()) {
            Api api = new Api(port(app));
            // ready = the read models have caught up with the freshly imported catalog
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/actuator/health", null).json().get("status").asString().equals("UP"));
            assertThat(api.get("/api/tracks", null).json().size()).isEqualTo(3);
            Api.Response registered = api.post("/api/auth/register", null, Map.of("username", "first-learner",
                    "password", "a long enough password", "timezone", "UTC"));
            assertThat(registered.status()).isEqualTo(201);
            learnerToken = registered.json().get("token").asString();
            assertThat(api.post("/api/me/lessons/hello-world/completion", learnerToken, null).status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext app = start()) {
            Api api = new Api(port(app));
            assertThat(app.getBean(dev.pylearn.command.catalog.CatalogImporter.class).publish()).isZero();
            assertThat(api.get("/api/me", learnerToken).json().get("xp").asLong()).isPositive();
        }
    }

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(PyLearnApplication.class,
                "--server.port=0",
                "--spring.datasource.url=",
                "--pylearn.redis.url=",
                "--pylearn.data-dir=" + dataDir,
                "--axoniq.update-checker.disabled=true");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
