package dev.pylearn.command.submission;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.submission.SubmissionAccepted;
import dev.pylearn.api.submission.SubmitChallenge;
import dev.pylearn.command.web.ReadYourWrites;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

/**
 * Takes code for a challenge in, for the JSON API and the challenge page's form alike (same checks,
 * same messages): refuses missing or oversized code at once, and refuses with 503 and Retry-After when
 * more submissions already wait than the workers can judge before their deadline
 * ({@code pylearn.submissions.queue-limit}), instead of letting them wait minutes and expire. Completes
 * with the new submission's id once its row can be read.
 */
@Service
public class SubmissionIntake {

    private final CommandGateway commands;
    private final SubmissionPolicy policy;
    private final ReadYourWrites readYourWrites;
    private final SubmissionBacklog backlog;
    private final Clock clock;

    SubmissionIntake(CommandGateway commands, SubmissionPolicy policy, ReadYourWrites readYourWrites,
                     SubmissionBacklog backlog, Clock clock) {
        this.commands = commands;
        this.policy = policy;
        this.readYourWrites = readYourWrites;
        this.backlog = backlog;
        this.clock = clock;
    }

    /** Throws a {@link Rejection} for bad input or a full queue; the future fails with the command's refusal. */
    public CompletableFuture<String> submit(String learnerId, String challengeId, String code) {
        check(code);
        return send(learnerId, UUID.randomUUID().toString(), challengeId, code, null);
    }

    /**
     * The code of a battle, under its pre-made id (the Battle already expects it); {@link #check} it
     * first, before the Battle is told.
     */
    public CompletableFuture<String> submitToBattle(String learnerId, String submissionId, String challengeId,
                                                    String code, String battleId) {
        return send(learnerId, submissionId, challengeId, code, battleId);
    }

    /** Refuses missing or oversized code, and any code while the queue is full. */
    public void check(String code) {
        if (code == null || code.isBlank()) {
            throw Rejection.invalid("missing-code", "'code' is required: the Python source to judge.");
        }
        int bytes = code.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > policy.maxCodeBytes()) {
            throw new Rejection(Rejection.Kind.TOO_LARGE, "code-too-large", "Code too large",
                    "The code is " + bytes + " bytes; at most " + policy.maxCodeBytes() + " are accepted.");
        }
        long waiting = backlog.waiting();
        if (waiting >= policy.queueLimit()) {
            long retryAfter = Math.max(1, policy.queueRetryAfter().toSeconds());
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "submission-queue-full", "Too many submissions waiting",
                    waiting + " submissions are waiting to be judged, more than can be judged in time; yours was not "
                            + "saved. Please submit it again in " + retryAfter + " s.", retryAfter);
        }
    }

    private CompletableFuture<String> send(String learnerId, String submissionId, String challengeId, String code,
                                           String battleId) {
        return commands.<SubmissionAccepted>send(new SubmitChallenge(learnerId, submissionId, challengeId, code,
                        clock.instant(), battleId))
                .whenComplete((accepted, failure) -> {
                    if (failure == null) {
                        backlog.accepted();
                    }
                })
                .thenCompose(accepted -> readYourWrites.submissionShows(submissionId))
                .thenApply(shown -> submissionId);
    }
}
