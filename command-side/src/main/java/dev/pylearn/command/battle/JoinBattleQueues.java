package dev.pylearn.command.battle;

import dev.pylearn.api.battle.JoinBattleQueue;
import java.util.List;

/**
 * Joins that arrived together on this node, handled in one transaction by the {@link Matchmaker}.
 * Internal to the command side ({@link QueueJoins} is its only sender), so it is not in shared-api.
 */
record JoinBattleQueues(List<JoinBattleQueue> joins) {

    JoinBattleQueues {
        joins = List.copyOf(joins);
    }
}
