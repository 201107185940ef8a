package dev.pylearn.api.chat;

import java.time.Instant;
import java.util.List;

/** A conversation exists: {@code kind} {@code direct} (two members, {@code memberIds}) or {@code room} (a track's, {@code trackId}). */
public record ConversationStarted(String conversationId, String kind, String trackId, List<String> memberIds, Instant at) {
}
