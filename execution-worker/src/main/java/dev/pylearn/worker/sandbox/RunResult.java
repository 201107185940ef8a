package dev.pylearn.worker.sandbox;

/**
 * What a run did. {@code timedOut}: killed at the time limit; {@code outputTruncated}: killed or cut
 * because it printed more than the output limit.
 */
public record RunResult(String stdout, String stderr, int exitCode, boolean timedOut, boolean outputTruncated,
                        long durationMs) {
}
