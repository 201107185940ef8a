package dev.pylearn.infra.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.command.submission.SubmissionPolicy;
import dev.pylearn.monitoring.monitor.SystemSampler;
import dev.pylearn.monitoring.observability.QueryTracker;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Back-pressure on the submission path: a queue deeper than its limit refuses new submissions at once
 * (503, Retry-After) rather than letting them wait past their deadline, and the live result streams
 * are capped per learner and share one poll per submission. The queue is made deep for real, by
 * stopping the worker.
 */
class BackPressureTest extends PlatformTest {

    /** The statement a stream's poll runs (FindSubmission); FindSubmissionStatus reads only the status. */
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String POLL_SHAPE = "tests::text AS tests, code FROM submission WHERE submission_id = ?";

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    SubmissionPolicy policy;

    @Autowired
    SystemSampler sampler;

    @Autowired
    QueryTracker tracker;

    @Test
    void aQueueDeeperThanItsLimitRefusesNewSubmissionsWith503AndRetryAfterUntilItDrains() {
        StreamingEventProcessor worker = worker();
        Learner learner = register();
        long limit = policy.queueLimit();
        stop(worker);
        try {
            sampler.sample();
            // whatever other tests left waiting, plus two
            policy.setQueueLimit(sampler.waiting() + 2);
            assertThat(submit(learner).status()).isEqualTo(202);
            assertThat(submit(learner).status()).isEqualTo(202);
            // no measurement in between: the node counts what it accepted since the last one
            Api.Response refused = submit(learner);
            assertProblem(refused, 503, "submission-queue-full");
            assertThat(refused.header("Retry-After")).isEqualTo("30");
            assertThat(refused.json().get("detail").asString()).contains("was not saved");
            assertThat(api.get("/api/me/submissions", learner.token()).json().size()).isEqualTo(2);
            sampler.sample();
            assertProblem(submit(learner), 503, "submission-queue-full");
        } finally {
            start(worker);
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                sampler.sample();
                return sampler.waiting() < policy.queueLimit();
            });
            assertThat(submit(learner).status()).isEqualTo(202);
        } finally {
            policy.setQueueLimit(limit);
        }
    }

    @Test
    void streamsAreCappedPerLearnerAndShareOnePollPerSubmission() throws Exception {
        StreamingEventProcessor worker = worker();
        Learner learner = register();
        List<OpenStream> streams = new ArrayList<>();
        stop(worker);
        try {
            Api.Response submitted = submit(learner);
            assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
            String id = submitted.json().get("submissionId").asString();
            for (int i = 0; i < 5; i++) {
                streams.add(openStream(id, learner.token()));
            }

            // five browsers on one submission: one poll a second between them, not five
            long before = polls();
            Thread.sleep(4_000);
            long polled = polls() - before;
            assertThat(polled).as("polls in 4 s for 5 streams").isBetween(2L, 6L);

            // a sixth stream is one too many for this learner (reading the submission still works)
            assertProblem(api.get("/api/submissions/" + id + "/stream", learner.token()), 429, "too-many-streams");
            assertThat(api.get("/api/submissions/" + id, learner.token()).status()).isEqualTo(200);

            // a browser that goes away gives its slot back (noticed at the next keep-alive)
            streams.remove(0).body().close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<InputStream> response = stream(id, learner.token());
                if (response.statusCode() == 200) {
                    streams.add(OpenStream.of(response));
                    return true;
                }
                response.body().close();
                return false;
            });
        } finally {
            start(worker);
        }
        // every stream sees the verdict and ends
        for (OpenStream stream : streams) {
            assertThat(stream.lastStatus()).isIn("passed", "failed", "error");
        }
    }

    private StreamingEventProcessor worker() {
        return processing.eventProcessor("execution-worker", StreamingEventProcessor.class).orElseThrow();
    }

    private Api.Response submit(Learner learner) {
        return api.post("/api/challenges/letter-grade/submissions", learner.token(),
                Map.of("code", "def letter_grade(score):\n    return 'A'\n"));
    }

    private long polls() {
        return tracker.topShapesByCount(2_000).stream().filter(shape -> shape.sql().contains(POLL_SHAPE))
                .mapToLong(QueryTracker.ShapeView::count).sum();
    }

    private HttpResponse<InputStream> stream(String id, String token) throws Exception {
        return HttpClient.newHttpClient().send(api.request("/api/submissions/" + id + "/stream", token)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private OpenStream openStream(String id, String token) throws Exception {
        HttpResponse<InputStream> response = stream(id, token);
        assertThat(response.statusCode()).isEqualTo(200);
        return OpenStream.of(response);
    }

    /** A stream whose first event (the submission now) has been read. */
    private record OpenStream(BufferedReader reader, InputStream body) {

        static OpenStream of(HttpResponse<InputStream> response) throws java.io.IOException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("event:submission");
            return new OpenStream(reader, response.body());
        }

        /** The status in the last {@code data:} line before the stream ends. */
        String lastStatus() throws java.io.IOException {
            String status = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data:")) {
                    status = JSON.readTree(line.substring(5)).get("status").asString();
                }
            }
            body.close();
            return status;
        }
    }
}
