package dev.pylearn.api.chat;

import java.util.List;

/** A page of a conversation's messages, oldest first; {@code olderCursor} pages back, null at the start. */
public record ChatHistoryPage(String conversationId, String kind, String title, List<ChatMessageView> messages,
                              String olderCursor) {
}
