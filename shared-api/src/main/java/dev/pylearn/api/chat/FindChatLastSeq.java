package dev.pylearn.api.chat;

/** The number of a conversation's last message in its read model (0 when none); its updates tell waiting writers. */
public record FindChatLastSeq(String conversationId) {
}
