package dev.pylearn.api.chat;

/** The learner's conversations with unread counts, most recent first, in one lookup. */
public record FindMyConversations(String learnerId) {
}
