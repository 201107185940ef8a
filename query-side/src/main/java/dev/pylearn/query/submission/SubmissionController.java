package dev.pylearn.query.submission;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.submission.FindMySubmissions;
import dev.pylearn.api.submission.FindSubmission;
import dev.pylearn.api.submission.FindSubmissionStatus;
import dev.pylearn.api.submission.SubmissionView;
import dev.pylearn.query.web.Queries;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A learner's submissions; only the owner or an admin may read one. */
@RestController
class SubmissionController {

    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);

    private final Queries queries;
    private final QueryGateway gateway;

    SubmissionController(Queries queries, QueryGateway gateway) {
        this.queries = queries;
        this.gateway = gateway;
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
     * Server-sent events: the submission now, then again whenever it changes (pushed by the
     * projection, with a slow poll for changes applied on other nodes), until it is finished.
     */
    @GetMapping(path = "/api/submissions/{submissionId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String submissionId, Authentication caller) throws IOException {
        SubmissionView first = readable(submissionId, caller);
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.send(SseEmitter.event().name("submission").data(first, MediaType.APPLICATION_JSON));
        if (first.finished()) {
            emitter.complete();
            return emitter;
        }
        SubscriptionQueryResult<String, String> changes = gateway.subscriptionQuery(
                new FindSubmissionStatus(submissionId), ResponseTypes.instanceOf(String.class),
                ResponseTypes.instanceOf(String.class));
        Disposable subscription = Flux.merge(changes.updates().map(status -> 0L), Flux.interval(Duration.ofSeconds(1)))
                .concatMap(tick -> Mono.justOrEmpty(queries.one(new FindSubmission(submissionId),
                        SubmissionView.class)))
                .distinctUntilChanged(view -> view.status() + "/" + view.xpAwarded())
                .skipWhile(view -> view.equals(first))
                .takeUntil(SubmissionView::finished)
                .take(STREAM_TIMEOUT)
                .subscribe(view -> {
                    try {
                        emitter.send(SseEmitter.event().name("submission").data(view, MediaType.APPLICATION_JSON));
                    } catch (IOException e) {
                        throw new IllegalStateException("client went away", e);
                    }
                }, error -> emitter.complete(), emitter::complete);
        Runnable close = () -> {
            subscription.dispose();
            changes.close();
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
