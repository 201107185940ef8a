package dev.pylearn.infra.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes on one database and one Redis, the second running no event processors at all: it answers
 * commands, serves reads from its near cache and hears of everything through PostgreSQL notifications
 * pushed by this node, which runs the projections and the worker.
 */
class CrossNodePushTest extends PlatformTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    PostgresSignals signals;

    @Test
    void aNodeWithoutProjectionsReadsItsOwnWritesAndItsNearCacheHearsTheOtherNodesWrites() {
        try (ConfigurableApplicationContext second = secondNode("push-second-node",
                "--pylearn.security.trusted-proxies=127.0.0.1,::1",
                // only a push can release its read-your-writes waits: no poll, and no time-out before the
                // test client's own (30 s), so a wait the push does not release fails the request
                "--pylearn.read-your-writes.poll-interval=1h", "--pylearn.read-your-writes.timeout=10m")) {
            second.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(processor -> {
                if (processor instanceof StreamingEventProcessor streaming) {
                    streaming.shutdownAsync().join();
                }
            });
            Api other = apiOf(second);
            Learner learner = register();
            List<String> lessons = lessonsOf("python-basics");

            // the second node answers the write; this node's projections apply it and tell the second,
            // which drops the dashboard it had cached and releases the wait; it reads its own write
            long xp = other.get("/api/me/dashboard", learner.token()).json().get("xp").asLong();
            assertThat(other.get("/api/me/dashboard", learner.token()).json().get("xp").asLong()).isEqualTo(xp);
            Api.Response completed = other.post("/api/me/lessons/" + lessons.get(0) + "/completion", learner.token(), null);
            assertThat(completed.status()).as(completed.text()).isEqualTo(200);
            long earned = completed.json().get("xpAwarded").asLong();
            assertThat(earned).isPositive();
            assertThat(other.get("/api/me/dashboard", learner.token()).json().get("xp").asLong()).isEqualTo(xp + earned);
            assertThat(other.get("/api/me/achievements", learner.token()).status()).isEqualTo(200);

            // a write answered here: the second node's near cache (which holds the dashboard for a
            // minute) hears the eviction
            Api.Response again = api.post("/api/me/lessons/" + lessons.get(1) + "/completion", learner.token(), null);
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            long total = xp + earned + again.json().get("xpAwarded").asLong();
            assertThat(api.get("/api/me/dashboard", learner.token()).json().get("xp").asLong()).isEqualTo(total);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(other.get("/api/me/dashboard", learner.token()).json().get("xp").asLong()).isEqualTo(total));

            // a submission appended through the second node (whose worker is stopped) is judged by this one
            double heard = signals.received();
            Api.Response submitted = other.post("/api/challenges/letter-grade/submissions", learner.token(),
                    Map.of("code", "def letter_grade(score):\n    return 'F'\n"));
            assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
            String id = submitted.json().get("submissionId").asString();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    other.get("/api/submissions/" + id, learner.token()).json().get("status").asString())
                    .isIn("passed", "failed", "error"));
            assertThat(signals.received()).as("notifications this node heard").isGreaterThan(heard);
        }
    }
}
