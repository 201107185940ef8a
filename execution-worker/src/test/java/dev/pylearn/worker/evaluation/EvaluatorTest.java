package dev.pylearn.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.api.submission.TestOutcome;
import dev.pylearn.worker.sandbox.CodeRunner;
import dev.pylearn.worker.sandbox.RunRequest;
import dev.pylearn.worker.sandbox.RunResult;
import dev.pylearn.worker.sandbox.TransientBackendException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    static final SubmissionRequested SUBMISSION = new SubmissionRequested("s", "l", "c", "t", "print(1)",
            ChallengeStyle.IO, 1000, List.of(ChallengeTest.io("one", false, "", "1\n"),
            ChallengeTest.io("two", true, "", "1\n")), 1, Instant.now());

    Evaluator evaluator(CodeRunner runner) {
        var bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1000).refillGreedy(1000, Duration.ofSeconds(1)).build())
                .build();
        return new Evaluator(new BackendGuard(runner, bucket.asBlocking(), 3, Duration.ofMillis(10),
                Duration.ofMillis(50), new SimpleMeterRegistry()), pool);
    }

    @Test
    void aRunnerThatStaysDownEndsTheSubmissionAsAnErrorTheLearnerCanRead() {
        AtomicInteger calls = new AtomicInteger();
        CodeRunner down = new CodeRunner() {
            @Override
            public RunResult run(RunRequest request) {
                calls.incrementAndGet();
                throw new TransientBackendException("503", null, null);
            }

            @Override
            public String describe() {
                return "down";
            }
        };
        Verdict verdict = evaluator(down).evaluate(SUBMISSION);
        assertThat(verdict.status()).isEqualTo("error");
        assertThat(verdict.message()).isEqualTo(Evaluator.BACKEND_DOWN);
        assertThat(calls.get()).as("the syntax check, tried 3 times").isEqualTo(3);
    }

    @Test
    void aSubmissionWaitsOutAnOutageOfTheRunnerAndEndsWithARealVerdict() {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        CodeRunner outage = new CodeRunner() {
            @Override
            public RunResult run(RunRequest request) {
                // down for longer than the guard's three attempts, then back
                if (calls.incrementAndGet() > 7) {
                    down.set(false);
                }
                if (down.get()) {
                    throw new TransientBackendException("503", null, null);
                }
                String out = request.entry().equals("syntax.py") ? "\u001eOK\n" : "1\n";
                return new RunResult(out, "", 0, false, false, 5);
            }

            @Override
            public String describe() {
                return "down, then back";
            }
        };
        var bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1000).refillGreedy(1000, Duration.ofSeconds(1)).build())
                .build();
        Evaluator waiting = new Evaluator(new BackendGuard(outage, bucket.asBlocking(), 3, Duration.ofMillis(10),
                Duration.ofMillis(50), new SimpleMeterRegistry()), pool, Duration.ofSeconds(60), Duration.ofMillis(20));

        Verdict verdict = waiting.evaluate(SUBMISSION);

        assertThat(verdict.status()).isEqualTo("passed");
        assertThat(verdict.tests()).hasSize(2);
        assertThat(calls.get()).as("three syntax checks failed per round, until the runner was back").isGreaterThan(7);
    }

    @Test
    void aRunnerThatRecoversGivesARealVerdict() {
        AtomicInteger calls = new AtomicInteger();
        CodeRunner flaky = new CodeRunner() {
            @Override
            public RunResult run(RunRequest request) {
                if (calls.incrementAndGet() % 2 == 1) {
                    throw new TransientBackendException("429", Duration.ofMillis(20), null);
                }
                String out = request.entry().equals("syntax.py") ? "\u001eOK\n" : "1\n";
                return new RunResult(out, "", 0, false, false, 5);
            }

            @Override
            public String describe() {
                return "flaky";
            }
        };
        Verdict verdict = evaluator(flaky).evaluate(SUBMISSION);
        assertThat(verdict.status()).isEqualTo("passed");
        assertThat(verdict.tests()).extracting(t -> t.status()).containsExactly("passed", "passed");
    }

    @Test
    void outputIsComparedWithoutTrailingWhitespace() {
        assertThat(Evaluator.normalize("a  \nb\n\n\n")).isEqualTo(Evaluator.normalize("a\nb"));
        assertThat(Evaluator.normalize("a\r\nb\r\n")).isEqualTo("a\nb");
        assertThat(Evaluator.normalize(" a")).isNotEqualTo(Evaluator.normalize("a"));
    }

    static final ChallengeTest GRADES = ChallengeTest.calls("grades", false, null, List.of(
            ChallengeTest.Step.returns("letter_grade(95)", "\"A\""),
            ChallengeTest.Step.raises("letter_grade('x')", "TypeError", null)));

    static SubmissionRequested function(ChallengeTest... tests) {
        return new SubmissionRequested("s", "l", "c", "t", "def letter_grade(s):\n    return 'A'\n",
                ChallengeStyle.FUNCTION, 1000, List.of(tests), 1, Instant.now());
    }

    /** A runner whose function-style runs print what the given report says, whatever the code. */
    static CodeRunner reporting(String report, int exitCode, List<RunRequest> seen) {
        return new CodeRunner() {
            @Override
            public RunResult run(RunRequest request) {
                seen.add(request);
                if (request.entry().equals("syntax.py")) {
                    return new RunResult("\u001eOK\n", "", 0, false, false, 5);
                }
                return new RunResult(report, "learner printed this\n", exitCode, false, false, 5);
            }

            @Override
            public String describe() {
                return "reporting";
            }
        };
    }

    static final String GOOD = "{\"step\":0,\"value\":\"A\"}\n{\"step\":1,\"raised\":[\"TypeError\",\"Exception\","
            + "\"BaseException\",\"object\"],\"message\":\"bad\"}\n{\"end\":true}\n";

    @Test
    void theSandboxGetsTheCallsButNeverTheExpectedValues() {
        List<RunRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Verdict verdict = evaluator(reporting(GOOD, 0, seen)).evaluate(function(GRADES));
        assertThat(verdict.status()).isEqualTo("passed");
        RunRequest run = seen.stream().filter(r -> r.entry().equals("harness.py")).findFirst().orElseThrow();
        assertThat(run.files()).containsOnlyKeys("harness.py", "solution.py", "calls.json");
        assertThat(run.files().get("calls.json")).contains("letter_grade(95)").doesNotContain("\\\"A\\\"")
                .doesNotContain("TypeError");
    }

    @Test
    void aReportIsAcceptedOnlyWhenCompleteAndTheJudgesOwn() {
        List<RunRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        String forgedBefore = "{\"step\":0,\"value\":\"A\"}\n" + GOOD;
        String trailing = GOOD + "{\"step\":0,\"value\":\"A\"}\n";
        String cut = GOOD.substring(0, GOOD.indexOf("{\"end\""));
        String foreign = "hello\n" + GOOD;
        for (String report : List.of(forgedBefore, trailing, foreign)) {
            TestOutcome outcome = evaluator(reporting(report, 0, seen)).evaluate(function(GRADES)).tests().get(0);
            assertThat(outcome.status()).as(report).isEqualTo("error");
            assertThat(outcome.message()).contains("not the judge's own");
        }
        TestOutcome early = evaluator(reporting(cut, 0, seen)).evaluate(function(GRADES)).tests().get(0);
        assertThat(early.status()).isEqualTo("error");
        assertThat(early.message()).contains("ended the run early");
        TestOutcome killed = evaluator(reporting(cut, 137, seen)).evaluate(function(GRADES)).tests().get(0);
        assertThat(killed.status()).isEqualTo("limit-exceeded");
    }

    @Test
    void aWrongValueOrExceptionFailsAndSaysWhatWasExpected() {
        List<RunRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        String wrong = "{\"step\":0,\"value\":\"B\"}\n{\"step\":1,\"value\":null}\n{\"end\":true}\n";
        TestOutcome outcome = evaluator(reporting(wrong, 0, seen)).evaluate(function(GRADES)).tests().get(0);
        assertThat(outcome.status()).isEqualTo("failed");
        assertThat(outcome.message()).isEqualTo("letter_grade(95) should be \"A\", but it is 'B'.");
        assertThat(outcome.output()).isEqualTo("learner printed this\n");
        String raised = "{\"step\":0,\"raised\":[\"ValueError\",\"Exception\"],\"message\":\"no\"}\n"
                + "{\"step\":1,\"value\":null}\n{\"end\":true}\n";
        TestOutcome error = evaluator(reporting(raised, 0, seen)).evaluate(function(GRADES)).tests().get(0);
        assertThat(error.status()).isEqualTo("error");
        assertThat(error.message()).isEqualTo("letter_grade(95) raised ValueError: no.");
        String noRaise = "{\"step\":0,\"value\":\"A\"}\n{\"step\":1,\"value\":\"F\"}\n{\"end\":true}\n";
        TestOutcome missing = evaluator(reporting(noRaise, 0, seen)).evaluate(function(GRADES)).tests().get(0);
        assertThat(missing.message()).isEqualTo("letter_grade('x') should raise TypeError, but it returned 'F'.");
    }

    @Test
    void hiddenTestsSayOnlyTheirStatus() {
        List<RunRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ChallengeTest hidden = ChallengeTest.calls("hidden", true, null, GRADES.steps());
        String raised = "{\"step\":0,\"raised\":[\"ValueError\"],\"message\":\"SECRET\"}\n{\"step\":1,"
                + "\"value\":null}\n{\"end\":true}\n";
        TestOutcome outcome = evaluator(reporting(raised, 0, seen)).evaluate(function(hidden)).tests().get(0);
        assertThat(outcome.status()).isEqualTo("error");
        assertThat(outcome.message()).isEqualTo("This hidden test ended with an error.");
        assertThat(outcome.output()).isNull();
        TestOutcome failed = evaluator(reporting("{\"end\":true}\n", 0, seen)).evaluate(function(hidden)).tests()
                .get(0);
        assertThat(failed.message()).isEqualTo("This hidden test ended with an error.");
    }
}
