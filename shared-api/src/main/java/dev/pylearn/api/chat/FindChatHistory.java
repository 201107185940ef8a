package dev.pylearn.api.chat;

/** A page of a conversation's messages before {@code cursor} (null: the latest); members only. */
public record FindChatHistory(String conversationId, String learnerId, String cursor, int limit) {
}
