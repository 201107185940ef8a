package dev.pylearn.api.chat;

import java.time.Instant;

/** A conversation of the learner's, with its unread count (messages after the learner's last read one). */
public record ConversationSummary(String conversationId, String kind, String title, long lastSeq, long unread,
                                  Instant lastMessageAt) {
}
