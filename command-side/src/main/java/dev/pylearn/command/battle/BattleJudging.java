package dev.pylearn.command.battle;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.battle.RecordBattleJudgement;
import dev.pylearn.api.submission.SubmissionEvaluated;
import dev.pylearn.api.submission.TestOutcome;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Hands a battle submission's verdict to its Battle. Subscribing, like the challenge rewards: in the
 * transaction that records the verdict, so the verdict and the battle's win are stored together or
 * not at all, and the win is decided the moment the verdict is. The worker's result command is
 * where a failure surfaces (and is retried); nothing here runs code, and a replay never reaches a
 * subscribing handler ({@code @DisallowReplay} says so for anyone who makes it a streaming one).
 * Sent without retries for the reason {@code ChallengeRewards} gives.
 */
@Component
@ProcessingGroup(BattleJudging.GROUP)
class BattleJudging {

    static final String GROUP = ProcessingGroups.BATTLE_JUDGING;

    private final CommandGateway commands;

    BattleJudging(CommandBus commandBus) {
        this.commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @EventHandler
    @DisallowReplay
    void on(SubmissionEvaluated event) {
        if (event.battleId() == null) {
            return;
        }
        int passed = (int) event.tests().stream().map(TestOutcome::status).filter("passed"::equals).count();
        commands.sendAndWait(new RecordBattleJudgement(event.battleId(), event.submissionId(), passed,
                "passed".equals(event.status()), event.evaluatedAt()));
    }
}
