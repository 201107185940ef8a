package dev.pylearn.api.chat;

import java.time.Instant;

/** A learner is a member of a track's room from now on. */
public record RoomJoined(String conversationId, String learnerId, Instant at) {
}
