package dev.pylearn.api.chat;

import java.time.Instant;

/** {@code blockedId} may message {@code blockerId} again. */
public record LearnerUnblocked(String conversationId, String blockerId, String blockedId, Instant at) {
}
