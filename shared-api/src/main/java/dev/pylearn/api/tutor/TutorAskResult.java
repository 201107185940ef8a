package dev.pylearn.api.tutor;

import java.time.Instant;

/**
 * What the daily limit said to a question: {@code accepted} (and the questions left today after it),
 * or refused because none are left. {@code resetAt} is the next midnight of the learner's time zone,
 * when the count starts again; {@code plan} is free or premium.
 */
public record TutorAskResult(boolean accepted, String questionId, String conversationId, int limit, int remaining,
                             Instant resetAt, String plan) {
}
