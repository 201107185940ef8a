package dev.pylearn.command.submission;

import dev.pylearn.api.submission.ExpireSubmission;
import dev.pylearn.api.submission.FindStaleSubmissions;
import dev.pylearn.api.submission.StaleSubmission;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Nothing stays queued or running forever: every sweep finds submissions whose current attempt is
 * older than the deadline and expires that attempt, which queues the submission again or, once
 * its attempts are used up, ends it with a reason. The state lives in the event store and the read
 * model, so it holds across restarts; several nodes sweeping at once are harmless because the
 * Submission only expires the attempt it is still on.
 */
@Component
public class SubmissionDeadlines {

    private static final Logger log = LoggerFactory.getLogger(SubmissionDeadlines.class);

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final SubmissionPolicy policy;
    private final Clock clock;

    SubmissionDeadlines(QueryGateway queries, CommandGateway commands, SubmissionPolicy policy, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.policy = policy;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${pylearn.submissions.sweep-interval:30s}",
            initialDelayString = "${pylearn.submissions.sweep-interval:30s}")
    void sweep() {
        expireRequestedBefore(clock.instant().minus(policy.deadline()));
    }

    /** Expires every open attempt requested before {@code cutoff}; returns how many. */
    public int expireRequestedBefore(Instant cutoff) {
        Instant now = clock.instant();
        List<StaleSubmission> stale = queries.query(new FindStaleSubmissions(cutoff, 100),
                ResponseTypes.multipleInstancesOf(StaleSubmission.class)).join();
        for (StaleSubmission submission : stale) {
            try {
                commands.sendAndWait(new ExpireSubmission(submission.submissionId(), submission.attempt(), now));
            } catch (RuntimeException e) {
                log.warn("Could not expire submission {}: {}", submission.submissionId(), e.getMessage());
            }
        }
        if (!stale.isEmpty()) {
            log.info("Expired {} overdue submission run(s)", stale.size());
        }
        return stale.size();
    }
}
