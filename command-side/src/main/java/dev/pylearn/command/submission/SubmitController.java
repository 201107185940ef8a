package dev.pylearn.command.submission;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.submission.SubmissionAccepted;
import dev.pylearn.api.submission.SubmitChallenge;
import dev.pylearn.command.web.ReadYourWrites;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accepts code for a challenge; the execution worker judges it asynchronously. When more submissions
 * already wait than the workers can judge before their deadline ({@code pylearn.submissions.queue-limit}),
 * a new one is refused at once with 503 and Retry-After, instead of waiting minutes and expiring.
 */
@RestController
class SubmitController {

    record SubmitRequest(String code) {
    }

    record SubmitResponse(String submissionId, String status) {
    }

    private final CommandGateway commands;
    private final SubmissionPolicy policy;
    private final ReadYourWrites readYourWrites;
    private final SubmissionBacklog backlog;
    private final Clock clock;

    SubmitController(CommandGateway commands, SubmissionPolicy policy, ReadYourWrites readYourWrites,
                     SubmissionBacklog backlog, Clock clock) {
        this.commands = commands;
        this.policy = policy;
        this.readYourWrites = readYourWrites;
        this.backlog = backlog;
        this.clock = clock;
    }

    @PostMapping("/api/challenges/{challengeId}/submissions")
    CompletableFuture<ResponseEntity<SubmitResponse>> submit(@PathVariable String challengeId, @RequestBody SubmitRequest request,
                                          Principal me) {
        if (request.code() == null || request.code().isBlank()) {
            throw Rejection.invalid("missing-code", "'code' is required: the Python source to judge.");
        }
        int bytes = request.code().getBytes(StandardCharsets.UTF_8).length;
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
        String submissionId = UUID.randomUUID().toString();
        return commands.<SubmissionAccepted>send(new SubmitChallenge(me.getName(), submissionId, challengeId,
                        request.code(), clock.instant()))
                .whenComplete((accepted, failure) -> {
                    if (failure == null) {
                        backlog.accepted();
                    }
                })
                .thenCompose(accepted -> readYourWrites.submissionShows(submissionId)
                        .thenApply(shown -> ResponseEntity.accepted()
                                .location(URI.create("/api/submissions/" + submissionId))
                                .body(new SubmitResponse(accepted.submissionId(), "queued"))));
    }
}
