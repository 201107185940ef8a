package dev.pylearn.api.chat;

import java.time.Instant;

/**
 * A message as members see it, also what live delivery pushes. {@code text} is null for a hidden message
 * ({@code hideReason} says why); a hidden message is pushed again with {@code hidden} set. A message an
 * admin showed again carries the admin's {@code unhideReason}, and is pushed again whole with it.
 */
public record ChatMessageView(String conversationId, long seq, String messageId, String senderId, String senderName,
                              String text, Instant at, boolean hidden, String hideReason, String unhideReason) {
}
