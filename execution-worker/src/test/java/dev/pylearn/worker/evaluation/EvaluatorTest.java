package dev.pylearn.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.SubmissionRequested;
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
}
