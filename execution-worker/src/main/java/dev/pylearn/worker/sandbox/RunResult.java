package dev.pylearn.worker.sandbox;

/**
 * What a run did. {@code timedOut}: stopped or judged at the time limit; {@code outputTruncated}: killed
 * or cut because it printed more than the output limit; {@code durationMs}: wall-clock time;
 * {@code cpuMs}: the CPU time (user and system) of its processes, what the limit is judged on, or -1
 * where the runner does not say (Piston, a run killed at the wall-clock backstop).
 */
public record RunResult(String stdout, String stderr, int exitCode, boolean timedOut, boolean outputTruncated,
                        long durationMs, long cpuMs) {

    /** A run whose CPU time is not known. */
    public RunResult(String stdout, String stderr, int exitCode, boolean timedOut, boolean outputTruncated,
                     long durationMs) {
        this(stdout, stderr, exitCode, timedOut, outputTruncated, durationMs, -1);
    }

    /** The time a learner is shown and judged on: CPU time where known, else wall-clock time. */
    public long judgedMs() {
        return cpuMs >= 0 ? cpuMs : durationMs;
    }
}
