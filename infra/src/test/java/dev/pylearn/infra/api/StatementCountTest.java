package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each page is one SQL statement, counted by datasource-proxy the way the platform counts it in
 * production ({@code pylearn.http.statements} per route), for a learner with real progress.
 */
class StatementCountTest extends PlatformTest {

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
        return statementsOf(path, route, learner.token());
    }
}
