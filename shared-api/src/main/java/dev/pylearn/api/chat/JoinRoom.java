package dev.pylearn.api.chat;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A learner joins a track's group room ({@code room-<trackId>}); joining twice changes nothing. */
public record JoinRoom(@TargetAggregateIdentifier String conversationId, String learnerId, Instant at) {
}
