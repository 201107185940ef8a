package dev.pylearn.worker.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Proves that a code runner works end to end, the way a learner's run uses it: a tiny program reads
 * two numbers from stdin and prints their product, and the answer must be right. Run at start-up and
 * for the health endpoint. A failure is the runner's ("the code runner is unavailable: ..."), never
 * anything a learner wrote.
 *
 * <p>{@link #current()} never waits for a run: it answers the last result and, once that is older than
 * the interval, starts one new check in the background. A public health endpoint polled in a loop
 * therefore starts at most one run per interval.
 */
public final class CodeRunnerCanary implements AutoCloseable {

    /** The outcome of one check. */
    public record Status(boolean up, String detail, Instant checkedAt, long durationMs) {
    }

    public static final String UNAVAILABLE = "the code runner is unavailable";
    private static final String PROGRAM = "a, b = map(int, input().split())\nprint(a * b)\n";
    private static final Duration TIME_LIMIT = Duration.ofSeconds(3);

    private final CodeRunner runner;
    private final Duration interval;
    private final Clock clock;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "code-runner-canary");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Status> last = new AtomicReference<>();
    private final AtomicReference<Instant> checkStarted = new AtomicReference<>();

    /** Checks the runner once now (the start-up check), then at most once per {@code interval}. */
    public CodeRunnerCanary(CodeRunner runner, Duration interval, Clock clock) {
        this.runner = runner;
        this.interval = interval;
        this.clock = clock;
        last.set(probe(runner, clock));
    }

    /** One check, now, on the calling thread. */
    public static Status probe(CodeRunner runner, Clock clock) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(1000, 10000);
        int b = random.nextInt(1000, 10000);
        Instant started = clock.instant();
        long start = System.nanoTime();
        String failure;
        try {
            RunResult result = runner.run(new RunRequest(Map.of("canary.py", PROGRAM), "canary.py", a + " " + b + "\n",
                    TIME_LIMIT));
            if (result.stdout().strip().equals(String.valueOf((long) a * b)) && result.exitCode() == 0) {
                return new Status(true, "the canary program ran and answered correctly", started, millisSince(start));
            }
            failure = "the canary program answered " + excerpt(result.stdout()) + " with exit code "
                    + result.exitCode() + (result.timedOut() ? " after timing out" : "")
                    + (result.stderr().isBlank() ? "" : ", stderr " + excerpt(result.stderr()));
        } catch (RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return new Status(false, failure.startsWith(UNAVAILABLE) ? failure : UNAVAILABLE + ": " + failure, started,
                millisSince(start));
    }

    /** The last check's status; starts a new check in the background when it is older than the interval. */
    public Status current() {
        Status status = last.get();
        Instant now = clock.instant();
        Instant running = checkStarted.get();
        if (running != null && running.plus(interval).isBefore(now)) {
            return new Status(false, UNAVAILABLE + ": the canary program has not finished after "
                    + Duration.between(running, now).toSeconds() + " s", status.checkedAt(), status.durationMs());
        }
        if (running == null && status.checkedAt().plus(interval).isBefore(now)
                && checkStarted.compareAndSet(null, now)) {
            try {
                checks.execute(() -> {
                    try {
                        last.set(probe(runner, clock));
                    } finally {
                        checkStarted.set(null);
                    }
                });
            } catch (RuntimeException rejected) {
                checkStarted.set(null);
            }
        }
        return status;
    }

    public String runner() {
        return runner.describe();
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String excerpt(String text) {
        String stripped = text.strip();
        return "\"" + (stripped.length() <= 200 ? stripped : stripped.substring(0, 200) + "...") + "\"";
    }
}
