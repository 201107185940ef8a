package dev.pylearn.command.submission;

import dev.pylearn.api.submission.SubmissionStatus;
import java.net.URI;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accepts code for a challenge; the execution worker judges it asynchronously. The checks (code size,
 * a full queue answered at once with 503 and Retry-After) are the {@link SubmissionIntake}'s, shared
 * with the challenge page's form.
 */
@RestController
class SubmitController {

    record SubmitRequest(String code) {
    }

    record SubmitResponse(String submissionId, String status) {
    }

    private final SubmissionIntake intake;

    SubmitController(SubmissionIntake intake) {
        this.intake = intake;
    }

    @PostMapping("/api/challenges/{challengeId}/submissions")
    CompletableFuture<ResponseEntity<SubmitResponse>> submit(@PathVariable String challengeId,
                                                             @RequestBody SubmitRequest request, Principal me) {
        return intake.submit(me.getName(), challengeId, request.code())
                .thenApply(submissionId -> ResponseEntity.accepted()
                        .location(URI.create("/api/submissions/" + submissionId))
                        .body(new SubmitResponse(submissionId, SubmissionStatus.QUEUED)));
    }
}
