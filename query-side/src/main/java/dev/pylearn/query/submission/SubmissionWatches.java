package dev.pylearn.query.submission;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.submission.FindSubmission;
import dev.pylearn.api.submission.FindSubmissionStatus;
import dev.pylearn.api.submission.SubmissionView;
import dev.pylearn.query.web.Queries;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the live result streams watch, shared: however many browsers follow one submission, one
 * subscription query (pushed by the projection on this node) and one poll a second (for changes
 * applied on other nodes) serve them all, starting with the first and stopping when the last one
 * leaves. And each learner may hold only so many streams open at once on a node
 * ({@code pylearn.submissions.streams-per-learner}); a stream holds a thread-free connection, but
 * not an unbounded number of them.
 */
@Component
class SubmissionWatches {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final Queries queries;
    private final QueryGateway gateway;
    private final int perLearner;
    private final Map<String, Flux<SubmissionView>> watched = new ConcurrentHashMap<>();
    private final Map<String, Integer> openByLearner = new ConcurrentHashMap<>();

    SubmissionWatches(Queries queries, QueryGateway gateway,
                      @Value("${pylearn.submissions.streams-per-learner:5}") int perLearner) {
        this.queries = queries;
        this.gateway = gateway;
        this.perLearner = perLearner;
    }

    /**
     * Takes one of the learner's stream slots, or refuses with 429 when all are in use. Returns what
     * gives it back; calling that more than once gives it back once.
     */
    Runnable reserve(String learnerId) {
        openByLearner.compute(learnerId, (learner, open) -> {
            int now = open == null ? 0 : open;
            if (now >= perLearner) {
                throw new Rejection(Rejection.Kind.TOO_MANY, "too-many-streams", "Too many live streams",
                        "You already follow " + now + " submissions live, the most one learner may; close one, "
                                + "or read GET /api/submissions/{id} instead.", 5L);
            }
            return now + 1;
        });
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                openByLearner.computeIfPresent(learnerId, (learner, open) -> open <= 1 ? null : open - 1);
            }
        };
    }

    /** Streams open now, over all learners (for tests and the curious). */
    int open() {
        return openByLearner.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The submission each time it changes (status, or XP awarded), until it is finished. Shared with
     * every other subscriber of the same submission: a late one sees the changes from then on.
     */
    Flux<SubmissionView> changes(String submissionId) {
        return watched.computeIfAbsent(submissionId, this::watch);
    }

    private Flux<SubmissionView> watch(String submissionId) {
        AtomicReference<Flux<SubmissionView>> self = new AtomicReference<>();
        Flux<SubmissionView> shared = Flux.using(
                        () -> gateway.subscriptionQuery(new FindSubmissionStatus(submissionId),
                                ResponseTypes.instanceOf(String.class), ResponseTypes.instanceOf(String.class)),
                        changes -> Flux.merge(changes.updates().map(status -> 0L), Flux.interval(POLL))
                                .concatMap(tick -> Mono.justOrEmpty(queries.one(new FindSubmission(submissionId),
                                        SubmissionView.class)))
                                .distinctUntilChanged(view -> view.status() + "/" + view.tests().size() + "/" + view.xpAwarded())
                                .takeUntil(SubmissionView::finished),
                        SubscriptionQueryResult::close)
                .doFinally(signal -> watched.remove(submissionId, self.get()))
                .publish()
                .refCount();
        self.set(shared);
        return shared;
    }
}
