package dev.pylearn.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Blue-green rebuilds against the real PostgreSQL and Redis: the serving version keeps answering
 * (no failed read) and keeping up while the new version is built, the switch is atomic, and the
 * result equals the live read model row by row.
 */
class BlueGreenRebuildTest extends PlatformTest {

    private static final String DASHBOARD_ROWS = """
            SELECT learner_id, username, display_name, timezone, xp, level, current_streak, longest_streak,
                   last_active_date, premium, array_to_string(completed_lessons, ',') AS completed, registered_at, version
            FROM learner_dashboard ORDER BY learner_id""";

    @Test
    void aSchemaChangeIsMigratedRebuiltAndSwitchedWhileReadsKeepSucceeding() throws Exception {
        List<String> lessons = lessonsOf("python-basics");
        List<Learner> learners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Learner learner = register(i % 2 == 0 ? "UTC" : "America/Chicago");
            for (String lesson : lessons.subList(0, 2 + i)) {
                api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null);
            }
            learners.add(learner);
        }
        Learner writer = register();
        awaitCaughtUp("learner-dashboard");
        List<Map<String, Object>> before = jdbc.sql(DASHBOARD_ROWS).query().listOfRows();

        // the migration: the read model gains a column; and the old version got one row wrong
        jdbc.sql("ALTER TABLE learner_dashboard ADD COLUMN IF NOT EXISTS shape_version INTEGER NOT NULL DEFAULT 2")
                .update();
        jdbc.sql("UPDATE learner_dashboard SET display_name = 'written by a buggy version' WHERE learner_id = ?")
                .param(learners.get(0).learnerId()).update();

        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                Api client = new Api(port);
                while (reading.get()) {
                    for (Learner learner : learners) {
                        Api.Response dashboard = client.get("/api/me/dashboard", learner.token());
                        Api.Response profile = client.get("/api/me", learner.token());
                        reads.addAndGet(2);
                        if (dashboard.status() != 200 || profile.status() != 200) {
                            failures.add(dashboard.status() + " " + dashboard.text() + " / " + profile.status());
                        }
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        try {
            Api.Response started = api.post("/api/admin/projections/learner-dashboard/rebuild", adminToken(), null);
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            assertThat(started.json().get("status").asString()).isEqualTo("rebuilding");

            // live events keep landing in the serving version during the rebuild (read-your-writes holds)
            for (String lesson : lessons.subList(0, 3)) {
                Api.Response done = api.post("/api/me/lessons/" + lesson + "/completion", writer.token(), null);
                assertThat(done.status()).as(done.text()).isEqualTo(200);
            }
            awaitFinished("learner-dashboard", "rebuild");
        } finally {
            reading.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(api.get("/api/me/dashboard", writer.token()).json().get("tracks").get(0).get("completedLessons")
                .asInt()).isEqualTo(3);

        awaitCaughtUp("learner-dashboard");
        // the new version: the migrated shape, the buggy row repaired, every other row as it was live
        List<Map<String, Object>> after = jdbc.sql(DASHBOARD_ROWS).query().listOfRows();
        List<Map<String, Object>> afterWithoutWriter = after.stream()
                .filter(row -> !row.get("learner_id").equals(writer.learnerId())).toList();
        List<Map<String, Object>> beforeWithoutWriter = before.stream()
                .filter(row -> !row.get("learner_id").equals(writer.learnerId())).toList();
        assertThat(afterWithoutWriter).isEqualTo(beforeWithoutWriter);
        assertThat(jdbc.sql("SELECT count(*) FROM learner_dashboard WHERE shape_version = 2").query(Long.class).single())
                .isEqualTo(after.size());
        assertNoLeftovers("learner-dashboard");

        // and a replay of the switched-in version gives the same table: it is an ordinary projection again
        List<Map<String, Object>> live = jdbc.sql(DASHBOARD_ROWS).query().listOfRows();
        assertThat(api.post("/api/admin/projections/learner-dashboard/replay", adminToken(), null).status())
                .isEqualTo(202);
        awaitFinished("learner-dashboard", "replay");
        awaitCaughtUp("learner-dashboard");
        assertThat(jdbc.sql(DASHBOARD_ROWS).query().listOfRows()).isEqualTo(live);
    }

    @Test
    void everyProjectionWithTablesCanBeRebuiltRowByRowAlsoTheViewsOverThem() {
        Learner learner = register();
        api.post("/api/me/lessons/" + lessonsOf("python-basics").get(0) + "/completion", learner.token(), null);
        for (String projection : List.of("catalog", "achievement-stats", "leaderboards", "analytics")) {
            awaitCaughtUp(projection);
            Map<String, List<Map<String, Object>>> before = ReadModelRows.of(jdbc, projection);
            Api.Response started = api.post("/api/admin/projections/" + projection + "/rebuild", adminToken(), null);
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            awaitFinished(projection, "rebuild");
            awaitCaughtUp(projection);
            assertThat(ReadModelRows.of(jdbc, projection)).as(projection).isEqualTo(before);
            assertNoLeftovers(projection);
        }
        // the analyst views were re-created over the new tables, with their grants
        assertThat(jdbc.sql("SELECT count(*) FROM analyst.track_funnel").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT has_table_privilege('pylearn_analyst', 'analyst.track_funnel', 'SELECT')")
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT obj_description('analyst.daily_activity'::regclass, 'pg_class')")
                .query(String.class).single()).contains("local day");
        // the boards read from Redis show the learner after the leaderboards' switch
        JsonNode rank = api.get("/api/me/rank", learner.token()).json();
        assertThat(rank.get("global").get("rank").isNull()).isFalse();
    }

    @Test
    void aRebuildWaitingForItsSwitchCanBeCancelledAndLeavesNothingBehind() {
        String admin = adminToken();
        assertProblem(api.post("/api/admin/projections/submissions/rebuild?switch=sometime", admin, null), 400,
                "invalid-switch-mode");
        Api.Response started = api.post("/api/admin/projections/submissions/rebuild?switch=manual", admin, null);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        assertProblem(api.post("/api/admin/projections/submissions/rebuild", admin, null), 409, "operation-in-progress");
        assertProblem(api.post("/api/admin/projections/submissions/replay", admin, null), 409, "operation-in-progress");
        await().atMost(Duration.ofSeconds(60)).until(() -> "ready".equals(api.get("/api/admin/projections/submissions",
                admin).json().get("rebuild").get("phase").asString()));
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'rebuild_submissions'")
                .query(Long.class).single()).isEqualTo(1);

        Api.Response canceled = api.delete("/api/admin/projections/submissions/rebuild", admin);
        assertThat(canceled.status()).as(canceled.text()).isEqualTo(200);
        assertThat(canceled.json().get("status").asString()).isEqualTo("running");
        assertThat(canceled.json().get("lastOperation").get("phase").asString()).isEqualTo("canceled");
        assertNoLeftovers("submissions");
        assertProblem(api.post("/api/admin/projections/submissions/rebuild/switch", admin, null), 409, "rebuild-not-ready");

        // manual switch: build, wait, switch on request
        assertThat(api.post("/api/admin/projections/submissions/rebuild?switch=manual", admin, null).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> "ready".equals(api.get("/api/admin/projections/submissions",
                admin).json().get("rebuild").get("phase").asString()));
        Map<String, List<Map<String, Object>>> before = Map.of("submission",
                jdbc.sql("SELECT row_to_json(t)::text FROM submission t ORDER BY 1").query().listOfRows());
        Api.Response switched = api.post("/api/admin/projections/submissions/rebuild/switch", admin, null);
        assertThat(switched.status()).as(switched.text()).isEqualTo(202);
        awaitFinished("submissions", "rebuild");
        assertThat(Map.of("submission", jdbc.sql("SELECT row_to_json(t)::text FROM submission t ORDER BY 1").query()
                .listOfRows())).isEqualTo(before);
        assertNoLeftovers("submissions");
    }

    private void assertNoLeftovers(String projection) {
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'rebuild\\_%' "
                + "OR schema_name LIKE 'retired\\_%'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = ?")
                .param(projection + "@rebuild").query(Long.class).single()).isZero();
    }

    private void awaitFinished(String projection, String kind) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode status = api.get("/api/admin/projections/" + projection, adminToken()).json();
            assertThat(status.get("lastOperation").get("kind").asString()).isEqualTo(kind);
            assertThat(status.get("lastOperation").get("phase").asString()).isEqualTo("finished");
            assertThat(status.get("status").asString()).isEqualTo("running");
        });
    }

    private void awaitCaughtUp(String projection) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = api.get("/api/admin/projections/" + projection, adminToken()).json();
            assertThat(status.get("lagEvents").asLong()).as(projection + " lag").isZero();
            assertThat(status.get("replay").isNull()).isTrue();
        });
    }
}
