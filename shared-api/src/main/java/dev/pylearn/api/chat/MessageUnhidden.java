package dev.pylearn.api.chat;

import java.time.Instant;

/** Hidden message {@code seq} of the conversation is shown again; {@code reason} is shown with it. */
public record MessageUnhidden(String conversationId, long seq, String adminId, String reason, Instant at) {
}
