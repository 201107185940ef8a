package dev.pylearn.infra.submission;

import dev.pylearn.api.submission.SubmissionRequested;
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

/** The worker's evaluator on the real local sandbox, and the shipped challenges, for the content tests. */
final class Judge implements AutoCloseable {

    final ExecutorService pool = Executors.newFixedThreadPool(8);
    /**
     * With 3 s of wall-clock grace beyond each test's backstop, as the platform tests have: a test's limit is
     * CPU time, but beside the other test JVM a trivial run took up to 2.5 s of wall time in a fresh-clone CI.
     */
    final LocalSandbox sandbox = new LocalSandbox(new dev.pylearn.worker.sandbox.SandboxSettings("/usr/bin/python3",
            false, 8, 256L << 20, 64 << 10, 0, 16, dev.pylearn.worker.sandbox.SandboxSettings.CgroupPolicy.AUTO, 0, 0,
            Duration.ofSeconds(3)));
    final Evaluator evaluator;
    final List<CatalogImporter.ChallengeFile> challenges = new CatalogImporter(null, "classpath:content/")
            .readChallenges();

    Judge() {
        var unlimited = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1000).refillGreedy(1000, Duration.ofSeconds(1)).build())
                .build();
        BackendGuard guard = new BackendGuard(sandbox, unlimited.asBlocking(), 3, Duration.ofMillis(100),
                Duration.ofSeconds(1), new SimpleMeterRegistry());
        evaluator = new Evaluator(guard, pool);
    }

    Verdict judge(CatalogImporter.ChallengeFile challenge, String code) {
        return evaluator.evaluate(submission(challenge, code));
    }

    static SubmissionRequested submission(CatalogImporter.ChallengeFile challenge, String code) {
        var content = challenge.content();
        return new SubmissionRequested("reference-" + content.challengeId(), "tester", content.challengeId(), "track",
                code, content.style(), content.timeLimitMs(), content.tests(), 1, Instant.now());
    }

    /** The tests that did not pass, for assertion messages. */
    static String notPassed(Verdict verdict) {
        return verdict.message() + " " + verdict.tests().stream().filter(t -> !t.status().equals("passed"))
                .map(t -> t.name() + ": " + t.status() + " " + t.message()).toList();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        sandbox.close();
    }
}
