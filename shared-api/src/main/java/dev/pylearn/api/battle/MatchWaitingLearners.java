package dev.pylearn.api.battle;

import java.time.Instant;

/** Pairs learners who have waited long enough for their bands to meet (sent by every node's sweep). */
public record MatchWaitingLearners(Instant at) {
}
