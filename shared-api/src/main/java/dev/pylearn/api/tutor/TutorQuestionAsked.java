package dev.pylearn.api.tutor;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A question was taken within the learner's daily limit and goes to the tutor. {@code day} is the
 * learner's local day it counts for. Until an answer or a failure is recorded the question holds one
 * of the day's places, so concurrent questions cannot overrun the limit.
 */
public record TutorQuestionAsked(String learnerId, String questionId, String conversationId, String contextKind,
                                 String contextId, String question, LocalDate day, String plan, int dailyLimit,
                                 Instant at) {
}
