package dev.pylearn.command.battle;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.battle.BattleDrawn;
import dev.pylearn.api.battle.BattleForfeited;
import dev.pylearn.api.battle.BattleWon;
import dev.pylearn.api.battle.RecordBattleResult;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Tells both players' Learners how a battle ended (XP, battles won). A streaming processor of its
 * own, apart from the battle's transaction: a Learner busy with another command delays the reward,
 * never the battle's end. Each Learner records a battle once, so a redelivered event changes
 * nothing; a replay sends nothing at all.
 */
@Component
@ProcessingGroup(BattleRewards.GROUP)
class BattleRewards {

    static final String GROUP = ProcessingGroups.BATTLE_REWARDS;

    private final CommandGateway commands;

    BattleRewards(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(BattleWon event) {
        commands.sendAndWait(new RecordBattleResult(event.winnerId(), event.battleId(), "won", event.wonAt()));
        commands.sendAndWait(new RecordBattleResult(event.loserId(), event.battleId(), "lost", event.wonAt()));
    }

    @EventHandler
    @DisallowReplay
    void on(BattleDrawn event) {
        commands.sendAndWait(new RecordBattleResult(event.learnerA(), event.battleId(), "drawn", event.drawnAt()));
        commands.sendAndWait(new RecordBattleResult(event.learnerB(), event.battleId(), "drawn", event.drawnAt()));
    }

    @EventHandler
    @DisallowReplay
    void on(BattleForfeited event) {
        commands.sendAndWait(new RecordBattleResult(event.winnerId(), event.battleId(), "won", event.forfeitedAt()));
        commands.sendAndWait(new RecordBattleResult(event.forfeitedBy(), event.battleId(), "forfeited",
                event.forfeitedAt()));
    }
}
