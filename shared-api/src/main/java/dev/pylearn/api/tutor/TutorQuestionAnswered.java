package dev.pylearn.api.tutor;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The tutor answered a question; the usage record: provider, model, tokens in and out, latency.
 * {@code day} is the learner's local day the question counted for.
 */
public record TutorQuestionAnswered(String learnerId, String questionId, String conversationId, String answer,
                                    String provider, String model, int tokensIn, int tokensOut, long latencyMs,
                                    LocalDate day, Instant at) {
}
