package dev.pylearn.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CodeRunnerCanaryTest {

    @Test
    void theRealSandboxAndPistonInFrontOfItPassTheCanary() {
        try (LocalSandbox sandbox = new LocalSandbox("/usr/bin/python3", false, 2, 256L << 20, 64 * 1024);
             PistonStub piston = new PistonStub(sandbox)) {
            PistonRunner runner = new PistonRunner(piston.baseUrl(), "3.", Duration.ofSeconds(3), 256L << 20,
                    Duration.ofSeconds(2));

            CodeRunnerCanary.Status local = CodeRunnerCanary.probe(sandbox, Clock.systemUTC());
            CodeRunnerCanary.Status remote = CodeRunnerCanary.probe(runner, Clock.systemUTC());

            assertThat(local.up()).as(local.detail()).isTrue();
            assertThat(remote.up()).as(remote.detail()).isTrue();
            assertThat(piston.executeCalls()).isEqualTo(1);
        }
    }

    @Test
    void aPistonThatIsDownFailsTheCanaryAsTheRunnersFault() {
        PistonStub piston = new PistonStub(runner(request -> new RunResult("", "", 0, false, false, 1)));
        PistonRunner runner = new PistonRunner(piston.baseUrl(), "3.", Duration.ofSeconds(3), 256L << 20,
                Duration.ofSeconds(2));
        piston.enqueue(PistonStub.unavailable());

        CodeRunnerCanary.Status answered503 = CodeRunnerCanary.probe(runner, Clock.systemUTC());
        piston.close();
        CodeRunnerCanary.Status gone = CodeRunnerCanary.probe(runner, Clock.systemUTC());

        assertThat(answered503.up()).isFalse();
        assertThat(answered503.detail()).isEqualTo("the code runner is unavailable: Piston answered 503");
        assertThat(gone.up()).isFalse();
        assertThat(gone.detail()).startsWith("the code runner is unavailable: Piston could not be reached");
    }

    @Test
    void theCanaryChecksTheAnswerNotOnlyTheExitCode() {
        CodeRunnerCanary.Status status = CodeRunnerCanary.probe(
                runner(request -> new RunResult("42\n", "", 0, false, false, 1)), Clock.systemUTC());

        assertThat(status.up()).isFalse();
        assertThat(status.detail()).isEqualTo(
                "the code runner is unavailable: the canary program answered \"42\" with exit code 0");
    }

    @Test
    void healthNeverWaitsForARunAndChecksAtMostOncePerInterval() throws InterruptedException {
        MutableClock clock = new MutableClock();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CodeRunner slowThenHanging = runner(request -> {
            if (runs.incrementAndGet() == 3) {
                block(release);
            }
            String[] numbers = request.stdin().trim().split(" ");
            return new RunResult(Long.parseLong(numbers[0]) * Long.parseLong(numbers[1]) + "\n", "", 0, false, false, 1);
        });
        try (CodeRunnerCanary canary = new CodeRunnerCanary(slowThenHanging, Duration.ofSeconds(30), clock)) {
            assertThat(runs.get()).as("the start-up check").isEqualTo(1);
            for (int i = 0; i < 100; i++) {
                assertThat(canary.current().up()).isTrue();
            }
            assertThat(runs.get()).as("within the interval, no new run").isEqualTo(1);

            clock.advance(Duration.ofSeconds(31));
            canary.current();
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2
                    && canary.current().checkedAt().equals(clock.instant()));
            canary.current();
            assertThat(runs.get()).isEqualTo(2);

            // the next check hangs: health answers at once, then says so once the interval has passed
            clock.advance(Duration.ofSeconds(31));
            long started = System.nanoTime();
            assertThat(canary.current().up()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 3);
            clock.advance(Duration.ofSeconds(31));
            CodeRunnerCanary.Status hanging = canary.current();
            assertThat(hanging.up()).isFalse();
            assertThat(hanging.detail()).isEqualTo(
                    "the code runner is unavailable: the canary program has not finished after 31 s");
            release.countDown();
        }
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CodeRunner runner(Function<RunRequest, RunResult> behaviour) {
        return new CodeRunner() {
            @Override
            public RunResult run(RunRequest request) {
                return behaviour.apply(request);
            }

            @Override
            public String describe() {
                return "in-memory runner";
            }
        };
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-28T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
