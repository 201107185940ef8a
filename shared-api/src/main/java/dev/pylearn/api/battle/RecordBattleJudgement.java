package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The execution worker judged a battle submission: how many of the challenge's tests passed, and whether all did. */
public record RecordBattleJudgement(@TargetAggregateIdentifier String battleId, String submissionId, int passed,
                                    boolean allPassed, Instant at) {
}
