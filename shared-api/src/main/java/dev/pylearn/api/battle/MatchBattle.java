package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The matchmaker paired two queued learners: the battle starts at once. */
public record MatchBattle(@TargetAggregateIdentifier String battleId, String learnerA, String learnerB,
                          String challengeId, Instant at) {
}
