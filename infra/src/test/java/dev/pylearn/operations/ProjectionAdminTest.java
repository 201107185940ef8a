package dev.pylearn.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin API over projections: status, replay, dead letters; against the real PostgreSQL and Redis. */
class ProjectionAdminTest extends PlatformTest {

    @Test
    void statusShowsEveryProjectionWithPositionHeadSegmentsAndOwners() {
        Learner learner = register();
        api.post("/api/me/lessons/" + lessonsOf("python-basics").get(0) + "/completion", learner.token(), null);

        Api.Response all = api.get("/api/admin/projections", adminToken());
        assertThat(all.status()).as(all.text()).isEqualTo(200);
        List<String> names = all.json().valueStream().map(p -> p.get("name").asString()).toList();
        assertThat(names).contains("learner-dashboard", "catalog", "leaderboards", "achievement-stats", "submissions",
                "analytics", "execution-worker", PoisonProbe.GROUP);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode dashboard = api.get("/api/admin/projections/learner-dashboard", adminToken()).json();
            assertThat(dashboard.get("status").asString()).isEqualTo("running");
            assertThat(dashboard.get("lagEvents").asLong()).isZero();
            assertThat(dashboard.get("position").asLong()).isEqualTo(dashboard.get("head").asLong());
            assertThat(dashboard.get("segments")).hasSize(2);
            dashboard.get("segments").forEach(s -> assertThat(s.get("owner").asString()).contains("@"));
            assertThat(dashboard.get("replayable").asBoolean()).isTrue();
        });
        JsonNode worker = api.get("/api/admin/projections/execution-worker", adminToken()).json();
        assertThat(worker.get("replayable").asBoolean()).isFalse();
    }

    @Test
    void onlyAdminsOperateProjectionsAndMistakesAreProblems() {
        Learner learner = register();
        assertProblem(api.get("/api/admin/projections", learner.token()), 403, "forbidden");
        assertProblem(api.post("/api/admin/projections/learner-dashboard/replay", learner.token(), null), 403,
                "forbidden");
        assertProblem(api.get("/api/admin/projections/no-such-view", adminToken()), 404, "unknown-projection");
        assertProblem(api.post("/api/admin/projections/no-such-view/replay", adminToken(), null), 404,
                "unknown-projection");
        // the worker runs learners' code: replaying it would run every submission again
        assertProblem(api.post("/api/admin/projections/execution-worker/replay", adminToken(), null), 409,
                "replay-not-allowed");
        assertProblem(api.post("/api/admin/projections/execution-worker/rebuild", adminToken(), null), 409,
                "rebuild-not-allowed");
        assertProblem(api.delete("/api/admin/projections/learner-dashboard/rebuild", adminToken()), 409, "no-rebuild");
    }

    @Test
    void replayThroughTheApiRebuildsEachReadModelRowByRow() {
        Learner busy = register("Europe/Berlin");
        for (String lesson : lessonsOf("python-basics").subList(0, 6)) {
            api.post("/api/me/lessons/" + lesson + "/completion", busy.token(), null);
        }
        api.post("/api/admin/learners/" + busy.learnerId() + "/xp", adminToken(),
                Map.of("amount", 120, "reason", "replay check"));
        register("Asia/Tokyo");

        for (String projection : List.of("learner-dashboard", "achievement-stats", "leaderboards", "analytics")) {
            awaitCaughtUp(projection);
            Map<String, List<Map<String, Object>>> before = ReadModelRows.of(jdbc, projection);
            assertThat(before.values()).anySatisfy(rows -> assertThat(rows).isNotEmpty());

            Api.Response replay = api.post("/api/admin/projections/" + projection + "/replay", adminToken(), null);
            assertThat(replay.status()).as(replay.text()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode status = api.get("/api/admin/projections/" + projection, adminToken()).json();
                assertThat(status.get("lastOperation").get("kind").asString()).isEqualTo("replay");
                assertThat(status.get("lastOperation").get("phase").asString()).isEqualTo("finished");
                assertThat(status.get("status").asString()).isEqualTo("running");
            });
            awaitCaughtUp(projection);
            assertThat(ReadModelRows.of(jdbc, projection)).as(projection).isEqualTo(before);
        }
        // what the learner sees after all those replays
        Api.Response dashboard = api.get("/api/me/dashboard", busy.token());
        assertThat(dashboard.status()).isEqualTo(200);
        Api.Response me = api.get("/api/me", busy.token());
        assertThat(dashboard.json().get("xp").asLong()).isEqualTo(me.json().get("xp").asLong()).isPositive();
    }

    @Test
    void aPoisonEventIsParkedOthersProceedAndRetryAfterTheFixClearsIt() {
        Learner poisoned = register();
        Learner healthy = register();
        String admin = adminToken();
        api.post("/api/admin/learners/" + poisoned.learnerId() + "/xp", admin, Map.of("amount", 5, "reason", "poison pill"));
        api.post("/api/admin/learners/" + poisoned.learnerId() + "/xp", admin, Map.of("amount", 5, "reason", "after the pill"));
        api.post("/api/admin/learners/" + healthy.learnerId() + "/xp", admin, Map.of("amount", 5, "reason", "healthy"));

        // the other learner's event is applied; the poisoned learner's sequence is parked, in order
        await().atMost(Duration.ofSeconds(30)).until(() -> PoisonProbe.APPLIED.contains(healthy.learnerId() + ":healthy"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response letters = api.get("/api/admin/projections/" + PoisonProbe.GROUP + "/dead-letters", admin);
            assertThat(letters.status()).as(letters.text()).isEqualTo(200);
            List<JsonNode> mine = letters.json().valueStream()
                    .filter(l -> l.get("aggregateId").asString().equals(poisoned.learnerId())).toList();
            assertThat(mine).hasSize(2);
            assertThat(mine.get(0).get("causeMessage").asString()).contains("cannot apply poison pill");
            assertThat(mine.get(0).get("eventType").asString()).endsWith("XpAwarded");
        });
        assertThat(PoisonProbe.APPLIED).doesNotContain(poisoned.learnerId() + ":after the pill");
        JsonNode status = api.get("/api/admin/projections/" + PoisonProbe.GROUP, admin).json();
        assertThat(status.get("deadLetters").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(status.get("status").asString()).isEqualTo("running");

        // retrying before the fix changes nothing
        Api.Response early = api.post("/api/admin/projections/" + PoisonProbe.GROUP + "/dead-letters/retry", admin, null);
        assertThat(early.status()).as(early.text()).isEqualTo(200);
        assertThat(early.json().get("succeeded").asInt()).isZero();
        assertThat(early.json().get("remaining").asLong()).isGreaterThanOrEqualTo(2);

        PoisonProbe.fixed = true;
        try {
            Api.Response retry = api.post("/api/admin/projections/" + PoisonProbe.GROUP + "/dead-letters/retry", admin, null);
            assertThat(retry.status()).as(retry.text()).isEqualTo(200);
            assertThat(retry.json().get("remaining").asLong()).isZero();
            assertThat(PoisonProbe.APPLIED).contains(poisoned.learnerId() + ":poison pill",
                    poisoned.learnerId() + ":after the pill");
            assertThat(api.get("/api/admin/projections/" + PoisonProbe.GROUP + "/dead-letters", admin).json()).isEmpty();
        } finally {
            PoisonProbe.fixed = false;
        }
    }

    private void awaitCaughtUp(String projection) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = api.get("/api/admin/projections/" + projection, adminToken()).json();
            assertThat(status.get("lagEvents").asLong()).as(projection + " lag").isZero();
            assertThat(status.get("replay").isNull()).isTrue();
        });
    }
}
