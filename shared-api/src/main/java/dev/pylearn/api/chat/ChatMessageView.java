package dev.pylearn.api.chat;

import java.time.Instant;

/**
 * A message as members see it, also what live delivery pushes. {@code text} is null for a hidden message
 * ({@code hideReason} says why); a hidden message is pushed again with {@code hidden} set.
 */
public record ChatMessageView(String conversationId, long seq, String messageId, String senderId, String senderName,
                              String text, Instant at, boolean hidden, String hideReason) {
}
