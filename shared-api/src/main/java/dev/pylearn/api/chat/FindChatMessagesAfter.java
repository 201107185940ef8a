package dev.pylearn.api.chat;

/** Messages after sequence number {@code afterSeq} in order, for a reconnecting member; members only. */
public record FindChatMessagesAfter(String conversationId, String learnerId, long afterSeq, int limit) {
}
