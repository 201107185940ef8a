package dev.pylearn.command.submission;

import dev.pylearn.api.challenge.RecordChallengePass;
import dev.pylearn.api.submission.SubmissionEvaluated;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Turns a passing submission into the learner's solve. Runs subscribing, in the transaction that
 * records the verdict, so a verdict and its reward are stored together or not at all; the Learner
 * decides whether it is the first pass (XP once).
 */
@Component
@ProcessingGroup(ChallengeRewards.GROUP)
class ChallengeRewards {

    static final String GROUP = "challenge-rewards";

    private final CommandGateway commands;

    ChallengeRewards(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(SubmissionEvaluated event) {
        if ("passed".equals(event.status())) {
            commands.sendAndWait(new RecordChallengePass(event.learnerId(), event.challengeId(), event.submissionId(),
                    event.evaluatedAt()));
        }
    }
}
