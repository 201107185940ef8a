package dev.pylearn.api.chat;

/** A chat command's outcome: the conversation and the sequence number of the message it concerns (0 for none). */
public record ChatChange(String conversationId, long seq) {
}
