package dev.pylearn.api.chat;

import java.time.Instant;

/**
 * A message, numbered {@code seq} 1, 2, 3, ... within its conversation without gaps: the order every
 * member sees, and what a reconnecting client names (SSE Last-Event-ID) to get exactly what it missed.
 */
public record MessageSent(String conversationId, long seq, String messageId, String senderId, String text, Instant at) {
}
