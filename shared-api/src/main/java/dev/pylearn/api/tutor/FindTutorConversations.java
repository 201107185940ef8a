package dev.pylearn.api.tutor;

import java.time.Instant;

/**
 * The learner's conversations, the most recently active first, keyset-paged: {@code before} and
 * {@code beforeId} are the last row of the previous page (null for the first page).
 */
public record FindTutorConversations(String learnerId, Instant before, String beforeId, int limit) {
}
