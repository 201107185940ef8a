package dev.pylearn.query.submission;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.submission.FindMySubmissions;
import dev.pylearn.api.submission.FindSubmission;
import dev.pylearn.api.submission.SubmissionView;
import dev.pylearn.query.web.LiveStreams;
import dev.pylearn.query.web.Queries;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** A learner's submissions; only the owner or an admin may read one. */
@RestController
class SubmissionController {

    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final Queries queries;
    private final SubmissionWatches watches;

    SubmissionController(Queries queries, SubmissionWatches watches) {
        this.queries = queries;
        this.watches = watches;
    }

    @GetMapping("/api/submissions/{submissionId}")
    SubmissionView submission(@PathVariable String submissionId, Authentication caller) {
        return readable(submissionId, caller);
    }

    @GetMapping("/api/me/submissions")
    List<SubmissionView> mine(@RequestParam(required = false) String challengeId,
                              @RequestParam(defaultValue = "50") int limit, Authentication caller) {
        if (limit < 1 || limit > 200) {
            throw Rejection.invalid("invalid-limit", "'limit' must be between 1 and 200.");
        }
        return queries.many(new FindMySubmissions(caller.getName(), challengeId, limit), SubmissionView.class);
    }

    /**
     * Server-sent events: the submission now, then again whenever it changes, until it is finished.
     * The watching is shared by every stream of the same submission, and each learner may hold only a
     * few streams at once (see {@link SubmissionWatches}).
     */
    @GetMapping(path = "/api/submissions/{submissionId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String submissionId, Authentication caller) throws IOException {
        SubmissionView first = readable(submissionId, caller);
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        if (first.finished()) {
            emitter.send(SseEmitter.event().name("submission").data(first, MediaType.APPLICATION_JSON));
            emitter.complete();
            return emitter;
        }
        Runnable release = watches.reserve(caller.getName());
        try {
            emitter.send(SseEmitter.event().name("submission").data(first, MediaType.APPLICATION_JSON));
        } catch (IOException | RuntimeException e) {
            release.run();
            throw e;
        }
        Disposable subscription = watches.changes(submissionId)
                .skipWhile(view -> view.equals(first))
                .take(STREAM_TIMEOUT)
                .subscribe(view -> LiveStreams.sendOrEnd(emitter,
                                SseEmitter.event().name("submission").data(view, MediaType.APPLICATION_JSON)),
                        error -> emitter.complete(), emitter::complete);
        // a comment now and then: a browser that went away is noticed (its slot given back) without
        // waiting for the submission to change, and proxies do not cut a quiet stream
        Disposable heartbeat = Flux.interval(HEARTBEAT, HEARTBEAT).subscribe(tick ->
                LiveStreams.sendOrEnd(emitter, SseEmitter.event().comment("waiting")));
        Runnable close = () -> {
            subscription.dispose();
            heartbeat.dispose();
            release.run();
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        return emitter;
    }

    private SubmissionView readable(String submissionId, Authentication caller) {
        SubmissionView view = queries.one(new FindSubmission(submissionId), SubmissionView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-submission",
                        "There is no submission '" + submissionId + "'."));
        boolean admin = caller.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
        if (!admin && !view.learnerId().equals(caller.getName())) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "not-your-submission", "Forbidden",
                    "Submission '" + submissionId + "' belongs to another learner.");
        }
        return view;
    }
}
