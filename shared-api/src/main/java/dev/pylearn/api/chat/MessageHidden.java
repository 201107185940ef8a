package dev.pylearn.api.chat;

import java.time.Instant;

/** Message {@code seq} of the conversation is hidden; {@code reason} is shown in its place. */
public record MessageHidden(String conversationId, long seq, String adminId, String reason, Instant at) {
}
