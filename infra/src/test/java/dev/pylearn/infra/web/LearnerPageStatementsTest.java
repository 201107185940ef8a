package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SQL statements per learner page, counted as the platform counts them in production
 * ({@code pylearn.http.statements} per route): each page costs what the API reads behind it cost,
 * one indexed lookup each, and nothing for what the cache holds (right after the learner's own
 * write it holds nothing, so a first read is a miss).
 */
class LearnerPageStatementsTest extends PlatformTest {

    @Autowired
    MeterRegistry registry;

    Learner learner;

    @BeforeEach
    void learnerWithProgress() {
        learner = register();
        for (String lesson : lessonsOf("python-basics").subList(0, 3)) {
            assertThat(api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null).status())
                    .isEqualTo(200);
        }
    }

    /**
     * The dashboard's view (cached, one statement when not) and its calendar (one indexed range of
     * the analytics projection's table, not cached: see LearnerPages for why it is a second read).
     */
    @Test
    void dashboardIsTheDashboardLookupAndTheCalendarRange() {
        assertThat(statementsOf("/dashboard", "/dashboard")).isEqualTo(2);
        eventually(() -> assertThat(statementsOf("/dashboard", "/dashboard")).isEqualTo(1));
    }

    @Test
    void achievementsPageIsOneIndexedLookup() {
        assertThat(statementsOf("/achievements", "/achievements")).isEqualTo(1);
        eventually(() -> assertThat(statementsOf("/achievements", "/achievements")).isZero());
    }

    @Test
    void settingsAndPremiumPagesAreTheProfileLookup() {
        assertThat(statementsOf("/settings", "/settings")).isEqualTo(1);
        assertThat(statementsOf("/premium", "/premium")).isLessThanOrEqualTo(1);
        eventually(() -> assertThat(statementsOf("/premium", "/premium")).isZero());
    }

    /** Names of the top rows (cached with the board); the viewer's rank comes from Redis. */
    @Test
    void leaderboardPagesAreAtMostOneStatement() {
        assertThat(statementsOf("/leaderboards", "/leaderboards")).isLessThanOrEqualTo(1);
        assertThat(statementsOf("/leaderboards/weekly", "/leaderboards/weekly")).isLessThanOrEqualTo(1);
    }

    /** A past week is only in PostgreSQL: the board (until cached) and the viewer's rank, each one statement. */
    @Test
    void aPastWeekIsTheBoardAndTheRankStatements() {
        String lastWeek = IsoWeek.of(Instant.now().minus(7, ChronoUnit.DAYS)).value();
        assertThat(statementsOf("/leaderboards/weekly?week=" + lastWeek, "/leaderboards/weekly"))
                .isLessThanOrEqualTo(2);
        eventually(() -> assertThat(statementsOf("/leaderboards/weekly?week=" + lastWeek, "/leaderboards/weekly"))
                .isEqualTo(1));
    }

    /**
     * Right after a write the cache keeps nothing for a few seconds (its tombstones, see CacheTest), so
     * a cached read is asked for again until the cache holds it.
     */
    private static void eventually(org.awaitility.core.ThrowingRunnable assertion) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(assertion);
    }

    private double statementsOf(String path, String route) {
        DistributionSummary before = summary(route);
        long countBefore = before == null ? 0 : before.count();
        double totalBefore = before == null ? 0 : before.totalAmount();
        Api.Response response = api.get(path, learner.token());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html");
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
