package dev.pylearn.command.submission;

import dev.pylearn.api.submission.SubmissionStatus;
import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.challenge.RecordChallengePass;
import dev.pylearn.api.submission.SubmissionEvaluated;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Turns a passing submission into the learner's solve. Runs subscribing, in the transaction that
 * records the verdict, so a verdict and its reward are stored together or not at all; the Learner
 * decides whether it is the first pass (XP once). A failure here fails the verdict's command with
 * it (the processor's error handler propagates), and its sender, the worker, retries or parks it.
 *
 * <p>The reward is sent without the application gateway's retries, on purpose: a retry would run on
 * the gateway's retry thread, in a transaction of its own apart from the verdict's, and when the
 * verdict's command is itself being retried on that thread, this handler would wait for a retry
 * that can never run.
 */
@Component
@ProcessingGroup(ChallengeRewards.GROUP)
class ChallengeRewards {

    static final String GROUP = ProcessingGroups.CHALLENGE_REWARDS;

    private final CommandGateway commands;

    ChallengeRewards(CommandBus commandBus) {
        this.commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @EventHandler
    @DisallowReplay
    void on(SubmissionEvaluated event) {
        if (SubmissionStatus.PASSED.equals(event.status())) {
            commands.sendAndWait(new RecordChallengePass(event.learnerId(), event.challengeId(), event.submissionId(),
                    event.evaluatedAt()));
        }
    }
}
