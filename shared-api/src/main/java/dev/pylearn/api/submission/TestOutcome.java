package dev.pylearn.api.submission;

/**
 * The result of one test: {@code status} is passed, failed, error, timeout or limit (a resource or
 * output limit exceeded). For hidden tests the message is one fixed text per status and there is no
 * output: nothing the learner's code printed, raised or returned is shown.
 */
public record TestOutcome(String name, boolean hidden, String status, String message, String output,
                          long durationMs) {
}
