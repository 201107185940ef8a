package dev.pylearn.api.tutor;

import java.time.Instant;

/**
 * The learner's tutor questions today (their local day): the plan's limit, how many are used (asked
 * and not failed) and left, and when the count starts again.
 */
public record TutorAllowanceView(String plan, int limit, int used, int remaining, Instant resetAt) {
}
