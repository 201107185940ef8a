package dev.pylearn.infra.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.api.submission.TestOutcome;
import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.worker.evaluation.BackendGuard;
import dev.pylearn.worker.evaluation.Evaluator;
import dev.pylearn.worker.evaluation.Verdict;
import dev.pylearn.worker.sandbox.LocalSandbox;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shipped challenge is solvable and not solved by its starter: each reference solution runs
 * through the real local sandbox and the same evaluator the worker uses, and must pass every test;
 * each starter must fail at least one.
 */
class ReferenceSolutionsTest {

    static ExecutorService pool;
    static Evaluator evaluator;
    static List<CatalogImporter.ChallengeFile> challenges;

    @BeforeAll
    static void evaluator() {
        pool = Executors.newFixedThreadPool(8);
        var unlimited = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1000).refillGreedy(1000, Duration.ofSeconds(1)).build())
                .build();
        BackendGuard guard = new BackendGuard(new LocalSandbox("/usr/bin/python3", false, 8, 256L << 20, 64 << 10),
                unlimited.asBlocking(), 3, Duration.ofMillis(100), Duration.ofSeconds(1), new SimpleMeterRegistry());
        evaluator = new Evaluator(guard, pool);
        challenges = new CatalogImporter(null, "classpath:content/").readChallenges();
    }

    @AfterAll
    static void close() {
        pool.shutdownNow();
    }

    @Test
    void thereAreAtLeastTwentyChallengesWithVisibleAndHiddenTests() {
        assertThat(challenges).hasSizeGreaterThanOrEqualTo(20);
        for (CatalogImporter.ChallengeFile challenge : challenges) {
            List<ChallengeTest> tests = challenge.content().tests();
            assertThat(tests).as(challenge.content().challengeId()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(tests).as(challenge.content().challengeId()).anyMatch(ChallengeTest::hidden);
        }
    }

    @Test
    void everyReferenceSolutionPassesEveryTest() {
        for (CatalogImporter.ChallengeFile challenge : challenges) {
            Verdict verdict = evaluator.evaluate(submission(challenge, challenge.solution()));
            assertThat(verdict.status()).as(challenge.content().challengeId() + ": " + verdict.message() + " "
                    + verdict.tests().stream().filter(t -> !t.status().equals("passed")).toList()).isEqualTo("passed");
            assertThat(verdict.tests()).hasSize(challenge.content().tests().size());
        }
    }

    @Test
    void everyStarterFailsAtLeastOneTest() {
        for (CatalogImporter.ChallengeFile challenge : challenges) {
            Verdict verdict = evaluator.evaluate(submission(challenge, challenge.starterCode()));
            assertThat(verdict.status()).as(challenge.content().challengeId()).isEqualTo("failed");
            assertThat(verdict.tests()).as(challenge.content().challengeId())
                    .anyMatch(t -> !t.status().equals("passed"));
        }
    }

    @Test
    void hiddenTestsRevealNoInputExpectedValueOrOutput() {
        for (CatalogImporter.ChallengeFile challenge : challenges) {
            Verdict verdict = evaluator.evaluate(submission(challenge, challenge.starterCode()));
            for (TestOutcome outcome : verdict.tests()) {
                if (outcome.hidden()) {
                    assertThat(outcome.output()).isNull();
                    ChallengeTest test = challenge.content().tests().stream()
                            .filter(t -> t.name().equals(outcome.name())).findFirst().orElseThrow();
                    if (outcome.message() != null && test.expectedStdout() != null
                            && !test.expectedStdout().isBlank()) {
                        assertThat(outcome.message()).doesNotContain(test.expectedStdout().strip());
                    }
                }
            }
        }
    }

    @Test
    void aSyntaxErrorEndsTheSubmissionBeforeAnyTestRuns() {
        CatalogImporter.ChallengeFile challenge = challenges.get(0);
        Verdict verdict = evaluator.evaluate(submission(challenge, "print('hi'\nx = 1\n"));
        assertThat(verdict.status()).isEqualTo("error");
        assertThat(verdict.message()).startsWith("Syntax error on line 1");
        assertThat(verdict.tests()).isEmpty();
    }

    static SubmissionRequested submission(CatalogImporter.ChallengeFile challenge, String code) {
        var content = challenge.content();
        return new SubmissionRequested("reference-" + content.challengeId(), "tester", content.challengeId(), "track",
                code, content.style(), content.timeLimitMs(), content.tests(), 1, Instant.now());
    }
}
