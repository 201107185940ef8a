package dev.pylearn.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.operations.NodeId;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes on one database and one Redis: a replay or a blue-green rebuild asked of one node stops
 * the projection on the other too (which holds its segments), and both serve the result afterwards.
 */
class MultiNodeTest extends PlatformTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    NodeId thisNode;

    @Test
    void replayAndRebuildAskedOfOneNodeStopTheProjectionOnTheOtherAndBothServeTheResult() {
        Learner busy = register("Europe/Lisbon");
        for (String lesson : lessonsOf("python-basics").subList(0, 4)) {
            assertThat(api.post("/api/me/lessons/" + lesson + "/completion", busy.token(), null).status()).isEqualTo(200);
        }
        StreamingEventProcessor here = processing.eventProcessor("learner-dashboard", StreamingEventProcessor.class)
                .orElseThrow();
        try (ConfigurableApplicationContext second = secondNode("second-node")) {
            Api other = apiOf(second);
            String admin = other.post("/api/auth/login", null, Map.of("username", "admin", "password", ADMIN_PASSWORD))
                    .json().get("token").asString();
            // this node holds the segments; the other asks for the replay
            assertThat(owners(other, admin)).containsOnly(thisNode.value());
            Map<String, List<Map<String, Object>>> before = ReadModelRows.of(jdbc, "learner-dashboard");

            Api.Response replay = other.post("/api/admin/projections/learner-dashboard/replay", admin, null);
            assertThat(replay.status()).as(replay.text()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode status = other.get("/api/admin/projections/learner-dashboard", admin).json();
                assertThat(status.get("lastOperation").get("phase").asString()).isEqualTo("finished");
                assertThat(status.get("status").asString()).isEqualTo("running");
                assertThat(status.get("lagEvents").asLong()).isZero();
            });
            assertThat(ReadModelRows.of(jdbc, "learner-dashboard")).isEqualTo(before);
            // every segment is claimed again, by one node or the other
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(owners(other, admin)).isNotEmpty().isSubsetOf(thisNode.value(), "second-node"));

            // a blue-green rebuild asked of the other node: built there, switched in for both
            before = ReadModelRows.of(jdbc, "learner-dashboard");
            Api.Response rebuild = other.post("/api/admin/projections/learner-dashboard/rebuild", admin, null);
            assertThat(rebuild.status()).as(rebuild.text()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                JsonNode status = other.get("/api/admin/projections/learner-dashboard", admin).json();
                assertThat(status.get("lastOperation").get("kind").asString()).isEqualTo("rebuild");
                assertThat(status.get("lastOperation").get("phase").asString()).isEqualTo("finished");
                assertThat(status.get("status").asString()).isEqualTo("running");
            });
            assertThat(ReadModelRows.of(jdbc, "learner-dashboard")).isEqualTo(before);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(owners(other, admin)).isNotEmpty().isSubsetOf(thisNode.value(), "second-node"));

            // both nodes serve the learner the same dashboard, and a write through one is read through the other
            long xp = api.get("/api/me/dashboard", busy.token()).json().get("xp").asLong();
            assertThat(other.get("/api/me/dashboard", busy.token()).json().get("xp").asLong()).isEqualTo(xp);
            String next = lessonsOf("python-basics").get(4);
            int earned = other.post("/api/me/lessons/" + next + "/completion", busy.token(), null).json()
                    .get("xpAwarded").asInt();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(api.get("/api/me/dashboard", busy.token()).json().get("xp").asLong()).isEqualTo(xp + earned));
        }
        // the other node is gone: this one takes back whatever it held
        long segments = jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = 'learner-dashboard'")
                .query(Long.class).single();
        await().atMost(Duration.ofSeconds(30)).until(() -> here.processingStatus().size() == segments);
    }

    /** The nodes holding the projection's segments, from the admin API. */
    private static Set<String> owners(Api api, String admin) {
        Set<String> owners = new HashSet<>();
        for (JsonNode segment : api.get("/api/admin/projections/learner-dashboard", admin).json().get("segments")) {
            if (!segment.get("owner").isNull()) {
                owners.add(segment.get("owner").asString());
            }
        }
        return owners;
    }
}
