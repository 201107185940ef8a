package dev.pylearn.command.submission;

import dev.pylearn.api.submission.SubmissionStatus;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.submission.ExpireSubmission;
import dev.pylearn.api.submission.RecordSubmissionResult;
import dev.pylearn.api.submission.RecordTestOutcome;
import dev.pylearn.api.submission.SubmissionTestJudged;
import dev.pylearn.api.submission.StartSubmissionRun;
import dev.pylearn.api.submission.SubmissionEvaluated;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.api.submission.SubmissionRunStarted;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One submission of code, from request to verdict. Created by the Learner (who checks locks and
 * limits). It accepts one result per attempt and ignores the rest, so a worker that reports twice,
 * or a late worker whose attempt was already given up, changes nothing.
 */
@Aggregate
public class Submission {

    static final Set<String> VERDICTS = SubmissionStatus.VERDICTS;

    @AggregateIdentifier
    private String submissionId;
    private SubmissionRequested request;
    private int attempt;
    private boolean evaluated;
    /** Tests of the current attempt already reported one by one. */
    private final Set<Integer> judged = new HashSet<>();

    protected Submission() {
        // for Axon
    }

    /** Called through AggregateLifecycle.createNew from the Learner's SubmitChallenge handler. */
    public Submission(SubmissionRequested requested) {
        apply(requested);
    }

    @CommandHandler
    public boolean handle(StartSubmissionRun command) {
        if (evaluated || command.attempt() != attempt) {
            return false;
        }
        apply(new SubmissionRunStarted(submissionId, command.attempt(), command.worker(), command.at()));
        return true;
    }

    /** A test's verdict as soon as it is known, for those watching; the attempt's result still decides. */
    @CommandHandler
    public boolean handle(RecordTestOutcome command) {
        if (evaluated || command.attempt() != attempt || judged.contains(command.index())) {
            return false;
        }
        apply(new SubmissionTestJudged(submissionId, attempt, command.index(), command.outcome(), command.at()));
        return true;
    }

    @CommandHandler
    public boolean handle(RecordSubmissionResult command) {
        if (evaluated || command.attempt() != attempt) {
            return false;
        }
        if (!VERDICTS.contains(command.status())) {
            throw new IllegalArgumentException("unknown verdict " + command.status());
        }
        apply(new SubmissionEvaluated(submissionId, request.learnerId(), request.challengeId(), attempt,
                command.status(), command.message(), command.tests(), command.at(), request.battleId()));
        return true;
    }

    @CommandHandler
    public void handle(ExpireSubmission command, SubmissionPolicy policy) {
        if (evaluated || command.attempt() != attempt) {
            return;
        }
        if (attempt < policy.maxAttempts()) {
            apply(new SubmissionRequested(submissionId, request.learnerId(), request.challengeId(), request.trackId(),
                    request.code(), request.style(), request.timeLimitMs(), request.tests(), attempt + 1,
                    command.at(), request.battleId()));
        } else {
            apply(new SubmissionEvaluated(submissionId, request.learnerId(), request.challengeId(), attempt, "error",
                    "Your code could not be run in time, " + attempt + " times over. Nothing is wrong with it as far "
                            + "as we know; please submit it again.", List.of(), command.at(), request.battleId()));
        }
    }

    @EventSourcingHandler
    void on(SubmissionRequested event) {
        submissionId = event.submissionId();
        request = event;
        attempt = event.attempt();
        judged.clear();
    }

    @EventSourcingHandler
    void on(SubmissionTestJudged event) {
        judged.add(event.index());
    }

    @EventSourcingHandler
    void on(SubmissionEvaluated event) {
        evaluated = true;
    }
}
