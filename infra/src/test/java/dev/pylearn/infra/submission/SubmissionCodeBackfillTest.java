package dev.pylearn.infra.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Submissions kept before the read model stored their code get it back the way migration V15 does
 * it: the submissions projection runs again from the start over the rows it has, filling the code
 * and changing nothing else.
 */
class SubmissionCodeBackfillTest extends PlatformTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void runningTheProjectionAgainFillsAMissingCodeAndLeavesTheVerdict() {
        Learner learner = register();
        Api.Response submitted = api.post("/api/challenges/greeting-card/submissions", learner.token(),
                Map.of("code", "print('kept for later')"));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        String id = submitted.json().get("submissionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> finished(api.get("/api/submissions/" + id, learner.token()).json()));
        JsonNode before = api.get("/api/submissions/" + id, learner.token()).json();
        assertThat(before.get("code").asString()).isEqualTo("print('kept for later')");

        StreamingEventProcessor projection = processing.eventProcessor("submissions", StreamingEventProcessor.class)
                .orElseThrow();
        stop(projection);
        try {
            // a row as it was before V15, and the token dropped as V15 drops it
            jdbc.sql("UPDATE submission SET code = NULL WHERE submission_id = ?").param(id).update();
            jdbc.sql("DELETE FROM token_entry WHERE processor_name = 'submissions'").update();
            assertThat(api.get("/api/submissions/" + id, learner.token()).json().get("code").isNull()).isTrue();
        } finally {
            projection.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.get("/api/submissions/" + id, learner.token()).json().get("code").isString());
        JsonNode after = api.get("/api/submissions/" + id, learner.token()).json();
        assertThat(after.get("code").asString()).isEqualTo("print('kept for later')");
        assertThat(after.get("status").asString()).isEqualTo(before.get("status").asString());
        assertThat(after.get("tests")).isEqualTo(before.get("tests"));
        assertThat(after.get("submittedAt")).isEqualTo(before.get("submittedAt"));
    }

    private static boolean finished(JsonNode submission) {
        String status = submission.get("status").asString();
        return status.equals("passed") || status.equals("failed") || status.equals("error");
    }
}
