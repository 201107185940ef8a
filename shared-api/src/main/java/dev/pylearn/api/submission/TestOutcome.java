package dev.pylearn.api.submission;

/**
 * The result of one test: {@code status} is passed, failed, error or timeout. For hidden tests the
 * message never contains the input or the expected value.
 */
public record TestOutcome(String name, boolean hidden, String status, String message, String output,
                          long durationMs) {
}
