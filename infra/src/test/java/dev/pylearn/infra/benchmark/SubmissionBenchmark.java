package dev.pylearn.infra.benchmark;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.infra.PyLearnApplication;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.TestServices;
import dev.pylearn.worker.evaluation.BackendGuard;
import dev.pylearn.worker.evaluation.Evaluator;
import dev.pylearn.worker.sandbox.LocalSandbox;
import dev.pylearn.worker.sandbox.PistonStub;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The submission benchmarks of issue 3. Prints figures; asserts nothing about speed.
 * Run: {@code ./mvnw -Pbenchmark verify -pl infra -am}
 */
@Tag("benchmark")
class SubmissionBenchmark {

    /** Five tests of one second each: all at once versus one after another. */
    @Test
    void fiveOneSecondTestsInParallelVersusOneByOne() {
        List<ChallengeTest> tests = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> ChallengeTest.calls("second " + i, i == 5, "import time\ntime.sleep(1)\n",
                        List.of(ChallengeTest.Step.returns("square(" + i + ")", String.valueOf(i * i)))))
                .toList();
        SubmissionRequested submission = new SubmissionRequested("bench", "bench", "square", "bench",
                "def square(x):\n    return x * x\n", ChallengeStyle.FUNCTION, 3000, tests, 1, Instant.now());
        ExecutorService parallel = Executors.newFixedThreadPool(8);
        ExecutorService sequential = Executors.newSingleThreadExecutor();
        try {
            Evaluator inParallel = evaluator(parallel);
            Evaluator oneByOne = evaluator(sequential);
            inParallel.evaluate(submission); // warm-up
            long parallelMs = time(() -> inParallel.evaluate(submission));
            long sequentialMs = time(() -> oneByOne.evaluate(submission));
            System.out.printf("%nBENCHMARK five 1-second tests: parallel %d ms, one by one %d ms, ratio %.2f "
                    + "(target <= 0.3)%n", parallelMs, sequentialMs, parallelMs / (double) sequentialMs);
        } finally {
            parallel.shutdownNow();
            sequential.shutdownNow();
        }
    }

    /** 200 submissions through the whole platform against a Piston stub that fails 40% of calls. */
    @Test
    void twoHundredSubmissionsAgainstAFlakyBackend() throws Exception {
        LocalSandbox sandbox = new LocalSandbox("/usr/bin/python3", false, 8, 256L << 20, 64 << 10);
        try (PistonStub piston = new PistonStub(sandbox)) {
            piston.randomFaults(42, new PistonStub.Chance(PistonStub.tooManyRequests(Duration.ofSeconds(1)), 0.30),
                    new PistonStub.Chance(PistonStub.unavailable(), 0.10));
            TestServices.Database db = TestServices.database();
            try (ConfigurableApplicationContext app = SpringApplication.run(PyLearnApplication.class,
                    "--server.port=0", "--spring.datasource.url=" + db.url(),
                    "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                    "--pylearn.redis.url=", "--pylearn.piston.url=" + piston.baseUrl(),
                    "--pylearn.worker.retry.max-attempts=8", "--pylearn.worker.requests-per-second=100",
                    "--axoniq.update-checker.disabled=true")) {
                Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
                JdbcClient jdbc = app.getBean(JdbcClient.class);
                String solution = app.getBean(CatalogImporter.class).readChallenges().stream()
                        .filter(c -> c.content().challengeId().equals("letter-grade")).findFirst().orElseThrow()
                        .solution();
                List<String> ids = new ArrayList<>();
                Instant started = Instant.now();
                for (int learner = 0; learner < 20; learner++) {
                    var registered = api.post("/api/auth/register", null, Map.of("username",
                            "bench-" + UUID.randomUUID().toString().substring(0, 8), "password", "benchmark password"));
                    String token = registered.json().get("token").asString();
                    for (int i = 0; i < 10; i++) {
                        ids.add(api.post("/api/challenges/letter-grade/submissions", token, Map.of("code", solution))
                                .json().get("submissionId").asString());
                    }
                }
                long deadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
                long finished = 0;
                while (System.currentTimeMillis() < deadline) {
                    finished = jdbc.sql("SELECT count(*) FROM submission WHERE submission_id IN (:ids) "
                            + "AND status IN ('passed', 'failed', 'error')").param("ids", ids).query(Long.class).single();
                    if (finished == ids.size()) {
                        break;
                    }
                    Thread.sleep(500);
                }
                long evaluatedTwice = jdbc.sql("""
                                SELECT count(*) FROM (SELECT aggregate_identifier FROM domain_event_entry
                                    WHERE payload_type = 'dev.pylearn.api.submission.SubmissionEvaluated'
                                      AND aggregate_identifier IN (:ids)
                                    GROUP BY aggregate_identifier HAVING count(*) > 1) twice""")
                        .param("ids", ids).query(Long.class).single();
                List<Long> latencies = jdbc.sql("""
                                SELECT EXTRACT(EPOCH FROM (evaluated_at - submitted_at)) * 1000 FROM submission
                                WHERE submission_id IN (:ids) AND evaluated_at IS NOT NULL ORDER BY 1""")
                        .param("ids", ids).query((rs, n) -> (long) rs.getDouble(1)).list();
                Map<String, Object> statuses = new java.util.TreeMap<>();
                jdbc.sql("SELECT status, count(*) FROM submission WHERE submission_id IN (:ids) GROUP BY status")
                        .param("ids", ids).query((rs, n) -> statuses.put(rs.getString(1), rs.getLong(2))).list();
                long p95 = latencies.isEmpty() ? -1 : latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
                System.out.printf("%nBENCHMARK fault run: %d submissions, %d in a terminal state %s, %d evaluated "
                                + "twice, p95 time to result %d ms, all done in %d s; stub: %d execute calls, %d faults "
                                + "injected%n", ids.size(), finished, statuses, evaluatedTwice, p95,
                        Duration.between(started, Instant.now()).toSeconds(), piston.executeCalls(),
                        piston.faultsInjected());
            }
        }
    }

    private static Evaluator evaluator(ExecutorService pool) {
        var unlimited = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1000).refillGreedy(1000, Duration.ofSeconds(1)).build())
                .build();
        return new Evaluator(new BackendGuard(new LocalSandbox("/usr/bin/python3", false, 8, 256L << 20, 64 << 10),
                unlimited.asBlocking(), 3, Duration.ofMillis(100), Duration.ofSeconds(1), new SimpleMeterRegistry()),
                pool);
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

}
