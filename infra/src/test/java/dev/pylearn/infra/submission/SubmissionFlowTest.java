package dev.pylearn.infra.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.command.submission.SubmissionDeadlines;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Submitting code through the API, judged by the real worker in the real sandbox. */
class SubmissionFlowTest extends PlatformTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CatalogImporter catalog;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    SubmissionDeadlines deadlines;

    @Autowired
    EventStore eventStore;

    @Test
    void aCorrectSolutionPassesAndEarnsItsXpOnce() {
        Learner learner = register();
        CatalogImporter.ChallengeFile challenge = challenge("letter-grade");
        String id = submit(learner, "letter-grade", challenge.solution());

        JsonNode verdict = awaitVerdict(id, learner.token());
        assertThat(verdict.get("status").asString()).as(verdict.toString()).isEqualTo("passed");
        // the XP is the Learner's event, applied right after the verdict
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/submissions/" + id, learner.token()).json()
                .get("xpAwarded").asInt() == challenge.content().xp());
        assertThat(verdict.get("tests").size()).isEqualTo(challenge.content().tests().size());
        for (JsonNode test : verdict.get("tests")) {
            assertThat(test.get("status").asString()).isEqualTo("passed");
            // the CPU time of the run, counted in the kernel's 10 ms ticks: a quick test on a quick machine shows 0
            assertThat(test.get("durationMs").isIntegralNumber()).as(test.toString()).isTrue();
            assertThat(test.get("durationMs").asLong()).isNotNegative();
        }
        // the XP reaches the dashboard through its own projection, shortly after the verdict
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/me", learner.token()).json().get("xp")
                .asLong() == challenge.content().xp() + achievementXp(learner.token()));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/api/challenges?trackId=python-basics", learner.token()).json().valueStream()
                        .filter(c -> c.get("challengeId").asString().equals("letter-grade")).findFirst()
                        .orElseThrow().get("solved").asBoolean());

        String again = submit(learner, "letter-grade", challenge.solution());
        JsonNode second = awaitVerdict(again, learner.token());
        assertThat(second.get("status").asString()).isEqualTo("passed");
        assertThat(second.get("xpAwarded").asInt()).isZero();
        assertThat(api.get("/api/me", learner.token()).json().get("xp").asLong())
                .isEqualTo(challenge.content().xp() + achievementXp(learner.token()));

        List<String> mine = api.get("/api/me/submissions?challengeId=letter-grade", learner.token()).json()
                .valueStream().map(s -> s.get("submissionId").asString()).toList();
        assertThat(mine).containsExactly(again, id);
    }

    @Test
    void aWrongSolutionFailsAndHiddenTestsGiveNothingAway() {
        Learner learner = register();
        CatalogImporter.ChallengeFile challenge = challenge("fizzbuzz");
        String id = submit(learner, "fizzbuzz", "n = int(input())\nfor i in range(1, n + 1):\n    print(i)\n");
        JsonNode verdict = awaitVerdict(id, learner.token());
        assertThat(verdict.get("status").asString()).isEqualTo("failed");
        assertThat(verdict.get("xpAwarded").asInt()).isZero();
        for (JsonNode test : verdict.get("tests")) {
            if (test.get("hidden").asBoolean()) {
                assertThat(test.get("output").isNull()).isTrue();
                String name = test.get("name").asString();
                var hidden = challenge.content().tests().stream().filter(t -> t.name().equals(name)).findFirst()
                        .orElseThrow();
                if (test.get("message").isString()) {
                    assertThat(test.get("message").asString()).doesNotContain(hidden.expectedStdout().strip());
                }
            }
        }
        JsonNode page = api.get("/api/challenges/fizzbuzz", learner.token()).json();
        assertThat(page.get("visibleTests").size() + page.get("hiddenTests").asInt())
                .isEqualTo(challenge.content().tests().size());
        assertThat(page.toString()).doesNotContain("solution").doesNotContain(challenge.solution().strip());
    }

    @Test
    void visibleTestsShowTheCallsAndHiddenOnesNothing() {
        Learner learner = register();
        JsonNode page = api.get("/api/challenges/letter-grade", learner.token()).json();
        JsonNode first = page.get("visibleTests").get(0);
        assertThat(first.get("name").asString()).isEqualTo("one score for each grade");
        assertThat(first.get("display").asString()).startsWith("letter_grade(95) == \"A\"\n");
        assertThat(first.has("assertion")).isFalse();
        // 100.01 appears only in a hidden test
        assertThat(page.toString()).doesNotContain("100.01");
    }

    @Test
    void whatAWrongFunctionRaisesOrPrintsStaysOutOfHiddenTests() {
        Learner learner = register();
        String id = submit(learner, "letter-grade", "def letter_grade(score):\n    print('LEAK-PRINTED')\n"
                + "    if score > 100 or score < 1:\n        raise LookupError('LEAK-RAISED')\n    return 'A'\n");
        JsonNode verdict = awaitVerdict(id, learner.token());
        assertThat(verdict.get("status").asString()).isEqualTo("failed");
        for (JsonNode test : verdict.get("tests")) {
            if (test.get("hidden").asBoolean()) {
                assertThat(test.toString()).doesNotContain("LEAK").doesNotContain("LookupError");
                assertThat(test.get("status").asString()).isIn("passed", "failed", "error");
            }
        }
        JsonNode visible = verdict.get("tests").get(0);
        assertThat(visible.get("message").asString()).isEqualTo("letter_grade(85) should be \"B\", but it is 'A'.");
        assertThat(visible.get("output").asString()).contains("LEAK-PRINTED");
    }

    @Test
    void aSyntaxErrorEndsAsErrorWithTheLine() {
        Learner learner = register();
        String id = submit(learner, "letter-grade", "def letter_grade(score):\n    return 'A'\n  oops(\n");
        JsonNode verdict = awaitVerdict(id, learner.token());
        assertThat(verdict.get("status").asString()).isEqualTo("error");
        assertThat(verdict.get("message").asString()).contains("line 3");
        assertThat(verdict.get("tests").size()).isZero();
    }

    @Test
    void onlyTheOwnerOrAnAdminReadsASubmission() {
        Learner owner = register();
        Learner other = register();
        String id = submit(owner, "letter-grade", "def letter_grade(score):\n    return 'A'\n");
        assertProblem(api.get("/api/submissions/" + id, other.token()), 403, "not-your-submission");
        assertProblem(api.get("/api/submissions/" + id + "/stream", other.token()), 403, "not-your-submission");
        assertThat(api.get("/api/submissions/" + id, adminToken()).status()).isEqualTo(200);
        assertProblem(api.get("/api/submissions/no-such-submission", owner.token()), 404, "unknown-submission");
        assertProblem(api.get("/api/submissions/" + id, null), 401, "authentication-required");
    }

    @Test
    void badSubmissionsAreRefusedAndChangeNothing() {
        Learner learner = register();
        String big = "x = 1\n".repeat(12_000);
        assertProblem(api.post("/api/challenges/letter-grade/submissions", learner.token(), Map.of("code", big)), 413,
                "code-too-large");
        assertProblem(api.post("/api/challenges/no-such-challenge/submissions", learner.token(),
                Map.of("code", "print(1)")), 404, "unknown-challenge");
        assertProblem(api.post("/api/challenges/letter-grade/submissions", learner.token(), Map.of("code", " ")), 400,
                "missing-code");
        assertProblem(api.post("/api/challenges/bank-account/submissions", learner.token(),
                Map.of("code", "print(1)")), 403, "challenge-locked");
        assertProblem(api.post("/api/challenges/letter-grade/submissions", null, Map.of("code", "print(1)")), 401,
                "authentication-required");
        assertThat(api.get("/api/me/submissions", learner.token()).json().size()).isZero();
    }

    @Test
    void tooManySubmissionsInAMinuteAreRefusedWithRetryAfter() {
        Learner learner = register();
        for (int i = 0; i < 10; i++) {
            Api.Response accepted = api.post("/api/challenges/letter-grade/submissions", learner.token(),
                    Map.of("code", "syntax error ("));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        }
        Api.Response refused = api.post("/api/challenges/letter-grade/submissions", learner.token(),
                Map.of("code", "syntax error ("));
        assertProblem(refused, 429, "too-many-submissions");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 61L);
        assertThat(api.get("/api/me/submissions", learner.token()).json().size()).isEqualTo(10);
    }

    @Test
    void aSubmissionWhoseWorkerIsGoneIsRunAgainAndNothingIsLost() {
        StreamingEventProcessor worker = processing
                .eventProcessor("execution-worker", StreamingEventProcessor.class).orElseThrow();
        Learner learner = register();
        String id;
        stop(worker);
        try {
            id = submit(learner, "letter-grade", challenge("letter-grade").solution());
            assertThat(api.get("/api/submissions/" + id, learner.token()).json().get("status").asString())
                    .isEqualTo("queued");
            // the deadline sweep finds the run overdue and queues the submission again
            assertThat(deadlines.expireRequestedBefore(Instant.now().plusSeconds(1))).isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    api.get("/api/submissions/" + id, learner.token()).json().get("attempt").asInt() == 2);
        } finally {
            start(worker);
        }
        JsonNode verdict = awaitVerdict(id, learner.token());
        assertThat(verdict.get("status").asString()).as(verdict.toString()).isEqualTo("passed");
        assertThat(verdict.get("attempt").asInt()).isEqualTo(2);
        long evaluations = jdbc.sql("""
                        SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?
                        AND payload_type = 'dev.pylearn.api.submission.SubmissionEvaluated'""")
                .param(id).query(Long.class).single();
        assertThat(evaluations).isEqualTo(1);
    }

    @Test
    void eachTestIsReportedAsSoonAsItIsJudged() {
        Learner learner = register();
        CatalogImporter.ChallengeFile challenge = challenge("letter-grade");
        String id = submit(learner, "letter-grade", challenge.solution());
        JsonNode verdict = awaitVerdict(id, learner.token());
        assertThat(verdict.get("status").asString()).as(verdict.toString()).isEqualTo("passed");

        int tests = challenge.content().tests().size();
        List<String> judged = jdbc.sql("""
                        SELECT convert_from(payload, 'UTF8')::jsonb ->> 'index' FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND payload_type = 'dev.pylearn.api.submission.SubmissionTestJudged'
                        ORDER BY sequence_number""")
                .param(id).query(String.class).list();
        // one live report per test, each test once, all before the verdict that decides
        assertThat(judged).hasSize(tests).doesNotHaveDuplicates();
        long verdictSequence = jdbc.sql("""
                        SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ?
                        AND payload_type = 'dev.pylearn.api.submission.SubmissionEvaluated'""")
                .param(id).query(Long.class).single();
        assertThat(jdbc.sql("""
                        SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?
                        AND payload_type = 'dev.pylearn.api.submission.SubmissionTestJudged'""")
                .param(id).query(Long.class).single()).isLessThan(verdictSequence);
    }

    @Test
    void replayingProjectionsNeverRunsCodeAgainAndTheWorkerRefusesReplay() {
        Learner learner = register();
        CatalogImporter.ChallengeFile challenge = challenge("letter-grade");
        String id = submit(learner, "letter-grade", challenge.solution());
        JsonNode verdict = awaitVerdict(id, learner.token());
        assertThat(verdict.get("status").asString()).as(verdict.toString()).isEqualTo("passed");
        // the live row is complete once the Learner's solve (its XP) has landed too, which can be a
        // batch after the verdict; only then is it the row a replay must reproduce
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/submissions/" + id, learner.token()).json()
                .get("xpAwarded").asInt() == challenge.content().xp());
        long runsBefore = runsStarted();
        String rowBefore = submissionRow(id);

        StreamingEventProcessor submissions = processing
                .eventProcessor("submissions", StreamingEventProcessor.class).orElseThrow();
        stop(submissions);
        submissions.resetTokens();
        start(submissions);
        TrackingToken head = eventStore.createHeadToken();
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(submissions, head));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(submissionRow(id)).as("the rebuilt row equals the live one").isEqualTo(rowBefore));

        // the worker's only handler is @DisallowReplay: Axon refuses to reset it at all
        StreamingEventProcessor worker = processing
                .eventProcessor("execution-worker", StreamingEventProcessor.class).orElseThrow();
        stop(worker);
        try {
            assertThatThrownBy(worker::resetTokens).isInstanceOf(IllegalStateException.class);
        } finally {
            start(worker);
        }
        assertThat(runsStarted()).isEqualTo(runsBefore);
    }

    private String submissionRow(String id) {
        return jdbc.sql("SELECT row_to_json(s)::text FROM submission s WHERE submission_id = ?").param(id)
                .query(String.class).single();
    }

    private long runsStarted() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?")
                .param("dev.pylearn.api.submission.SubmissionRunStarted").query(Long.class).single();
    }

    private CatalogImporter.ChallengeFile challenge(String id) {
        return catalog.readChallenges().stream().filter(c -> c.content().challengeId().equals(id)).findFirst()
                .orElseThrow();
    }

    private String submit(Learner learner, String challengeId, String code) {
        Api.Response response = api.post("/api/challenges/" + challengeId + "/submissions", learner.token(),
                Map.of("code", code));
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.header("Location")).isEqualTo("/api/submissions/" + response.json().get("submissionId")
                .asString());
        assertThat(response.json().get("status").asString()).isEqualTo("queued");
        return response.json().get("submissionId").asString();
    }

    /** Follows the submission's event stream until it reports a final status; returns that last view. */
    private JsonNode awaitVerdict(String submissionId, String token) {
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                    api.request("/api/submissions/" + submissionId + "/stream", token)
                            .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode last = null;
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("data:")) {
                    last = JSON.readTree(line.substring(5));
                    String status = last.get("status").asString();
                    if (status.equals("passed") || status.equals("failed") || status.equals("error")) {
                        return last;
                    }
                }
            }
            throw new AssertionError("the stream ended before a verdict; last: " + last);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
