package dev.pylearn.api.tutor;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The provider could not answer (error or time-out): recorded for the monitor, and the question no
 * longer counts against the learner's daily limit.
 */
public record TutorQuestionFailed(String learnerId, String questionId, String conversationId, String provider,
                                  String reason, long latencyMs, LocalDate day, Instant at) {
}
