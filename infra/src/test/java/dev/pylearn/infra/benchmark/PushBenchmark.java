package dev.pylearn.infra.benchmark;

import dev.pylearn.infra.PyLearnApplication;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Events and read-model changes pushed across nodes (issue 13). Prints figures; asserts nothing about speed.
 * Run: {@code ./mvnw -Pbenchmark verify -pl infra -am -Dtest=PushBenchmark}
 * <p>
 * Two nodes on one database and Redis: "projections" runs every processor, "api" none (its processors
 * are stopped), so everything "api" learns of comes through PostgreSQL notifications.
 * <ol>
 * <li>Read-your-writes: a display-name change (answered once the learner's dashboard and achievements
 * show it) through the node that runs the projections and through the other, alternately; p50/p95 of
 * each and what the second node adds.</li>
 * <li>Worker pick-up: submissions sent through "api" one after another (each judged before the next, so
 * none waits for a busy segment), from the {@code SubmissionRequested} event's time stamp to the
 * {@code SubmissionRunStarted} the worker on the other node records when it starts the run.</li>
 * </ol>
 */
@Tag("benchmark")
class PushBenchmark {

    private static final String PASSWORD = "benchmark password";

    @Test
    void crossNodeReadYourWritesAndWorkerPickUp() throws Exception {
        TestServices.Database db = TestServices.database();
        try (ConfigurableApplicationContext projections = node(db, "projections");
             ConfigurableApplicationContext apiNode = node(db, "api")) {
            apiNode.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(processor -> {
                if (processor instanceof StreamingEventProcessor streaming) {
                    streaming.shutdownAsync().join();
                }
            });
            Api local = new Api(port(projections));
            Api remote = new Api(port(apiNode));
            int learners = 20;
            int writes = Integer.getInteger("pylearn.benchmark.writes", 300);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < learners; i++) {
                String username = "push-" + UUID.randomUUID().toString().substring(0, 12);
                Api.Response registered = local.post("/api/auth/register", null, Map.of("username", username,
                        "password", PASSWORD, "displayName", username, "timezone", "UTC"));
                tokens.add(registered.json().get("token").asString());
            }
            List<Long> single = new ArrayList<>();
            List<Long> crossNode = new ArrayList<>();
            for (int i = 0; i < writes + 40; i++) {
                String token = tokens.get(i % learners);
                long sameNode = changeName(local, token, i);
                long otherNode = changeName(remote, token, i);
                if (i >= 40) { // warm-up first
                    single.add(sameNode);
                    crossNode.add(otherNode);
                }
            }
            System.out.printf("%nBENCHMARK read-your-writes, display-name change answered once the read models show it "
                            + "(%d each): node running the projections p50 %.1f ms p95 %.1f ms; other node p50 %.1f ms "
                            + "p95 %.1f ms; the other node adds %.1f ms at p95 (target < 100 ms)%n",
                    single.size(), ms(single, 50), ms(single, 95), ms(crossNode, 50), ms(crossNode, 95),
                    ms(crossNode, 95) - ms(single, 95));

            JdbcClient jdbc = projections.getBean(JdbcClient.class);
            int submissions = Math.min(learners, Integer.getInteger("pylearn.benchmark.submissions", 20));
            for (int i = 0; i < submissions; i++) {
                String token = tokens.get(i);
                Api.Response sent = remote.post("/api/challenges/letter-grade/submissions", token,
                        Map.of("code", "def letter_grade(score):\n    return 'A'\n"));
                String id = sent.json().get("submissionId").asString();
                Instant deadline = Instant.now().plusSeconds(60);
                while (Instant.now().isBefore(deadline)
                        && List.of("queued", "running").contains(remote.get("/api/submissions/" + id, token).json()
                        .get("status").asString())) {
                    Thread.sleep(20);
                }
            }
            List<Long> pickUps = new ArrayList<>();
            jdbc.sql("""
                            SELECT r.time_stamp, min(s.time_stamp)
                            FROM domain_event_entry r
                            JOIN domain_event_entry s ON s.aggregate_identifier = r.aggregate_identifier
                                 AND s.payload_type LIKE '%SubmissionRunStarted'
                            WHERE r.payload_type LIKE '%SubmissionRequested'
                            GROUP BY r.aggregate_identifier, r.time_stamp""")
                    .query(rs -> {
                        pickUps.add(Duration.between(Instant.parse(rs.getString(1)), Instant.parse(rs.getString(2)))
                                .toNanos());
                    });
            System.out.printf("BENCHMARK worker pick-up on another node (SubmissionRequested to SubmissionRunStarted, "
                    + "%d submissions): p50 %.1f ms, p95 %.1f ms, max %.1f ms (target p95 < 50 ms)%n",
                    pickUps.size(), ms(pickUps, 50), ms(pickUps, 95), ms(pickUps, 100));
        }
    }

    private static ConfigurableApplicationContext node(TestServices.Database db, String name) {
        return SpringApplication.run(PyLearnApplication.class,
                "--server.port=0", "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--pylearn.redis.url=" + TestServices.redisUrl(), "--spring.data.redis.url=" + TestServices.redisUrl(),
                "--pylearn.cache.key-prefix=" + TestServices.redisKeyPrefix(), "--pylearn.admin.password=" + PASSWORD,
                "--axoniq.update-checker.disabled=true", "--pylearn.node-id=" + name,
                "--pylearn.security.sign-in.per-address=1000");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static long changeName(Api api, String token, int i) {
        long started = System.nanoTime();
        Api.Response changed = api.put("/api/me/display-name", token, Map.of("displayName", "Name " + i));
        if (changed.status() != 200) {
            throw new IllegalStateException(changed.text());
        }
        return System.nanoTime() - started;
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(index) / 1_000_000.0;
    }
}
