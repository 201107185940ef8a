package dev.pylearn.api.chat;

import java.time.Instant;

/** {@code blockedId} may not message {@code blockerId} any more. */
public record LearnerBlocked(String conversationId, String blockerId, String blockedId, Instant at) {
}
