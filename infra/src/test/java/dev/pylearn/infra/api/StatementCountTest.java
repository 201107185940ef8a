package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each page is one SQL statement, counted by datasource-proxy the way the platform counts it in
 * production ({@code pylearn.http.statements} per route), for a learner with real progress.
 */
class StatementCountTest extends PlatformTest {

    @Autowired
    MeterRegistry registry;

    Learner learner;

    @BeforeEach
    void learnerWithProgress() {
        learner = register();
        for (String lesson : lessonsOf("python-basics").subList(0, 5)) {
            assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void dashboardIsOneIndexedLookup() {
        assertThat(statementsOf("/api/me/dashboard", "/api/me/dashboard")).isEqualTo(1);
    }

    @Test
    void profileIsOneIndexedLookup() {
        assertThat(statementsOf("/api/me", "/api/me")).isEqualTo(1);
    }

    @Test
    void trackPageIsOneIndexedLookup() {
        assertThat(statementsOf("/api/tracks/python-basics", "/api/tracks/{trackId}")).isEqualTo(1);
    }

    @Test
    void lessonPageIsOneIndexedLookup() {
        String lesson = lessonsOf("python-basics").get(0);
        assertThat(statementsOf("/api/lessons/" + lesson, "/api/lessons/{lessonId}")).isEqualTo(1);
    }

    private double statementsOf(String path, String route) {
        DistributionSummary before = summary(route);
        long countBefore = before == null ? 0 : before.count();
        double totalBefore = before == null ? 0 : before.totalAmount();
        Api.Response response = api.get(path, learner.token());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        // recorded once the response has gone out, which the client may see first
        await().atMost(Duration.ofSeconds(5)).until(() -> summary(route) != null && summary(route).count() > countBefore);
        DistributionSummary after = summary(route);
        assertThat(after.count() - countBefore).isEqualTo(1);
        return after.totalAmount() - totalBefore;
    }

    private DistributionSummary summary(String route) {
        return registry.find("pylearn.http.statements").tag("method", "GET").tag("uri", route).summary();
    }
}
