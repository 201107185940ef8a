package dev.pylearn.api.tutor;

import java.time.Instant;

/**
 * The questions and answers of one of the learner's conversations, newest first, keyset-paged
 * ({@code before}/{@code beforeId}: the last row of the previous page).
 */
public record FindTutorMessages(String learnerId, String conversationId, Instant before, String beforeId,
                                int limit) {
}
