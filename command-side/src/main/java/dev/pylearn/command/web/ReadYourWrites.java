package dev.pylearn.command.web;

import dev.pylearn.api.achievement.FindAchievementProgressVersion;
import dev.pylearn.api.battle.FindBattleVersion;
import dev.pylearn.api.progress.FindDashboardVersion;
import dev.pylearn.api.submission.FindSubmissionStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds a command's response until the learner's read model shows the command's events, so the
 * caller's next read is never older than its own write. The projection pushes its progress through
 * a subscription query, on the node that ran it and, through a PostgreSQL notification, on every other
 * node (the projections' ReadModelPush); a slow poll (every second, first after a second) is only the
 * fallback for a notification that went unheard.
 * <p>
 * The waits are futures, not blocked threads: controllers return them, so a request thread goes
 * back to serving reads while a write waits for its projection. Under load hundreds of writes can
 * be waiting at once, and blocking a thread for each starved the reads behind them.
 * A command that times out here has still succeeded: the wait only delays the answer.
 */
@Component
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    private final QueryGateway queries;
    private final Duration timeout;
    private final Duration pollInterval;

    ReadYourWrites(QueryGateway queries,
                   @Value("${pylearn.read-your-writes.timeout:5s}") Duration timeout,
                   @Value("${pylearn.read-your-writes.poll-interval:1s}") Duration pollInterval) {
        this.queries = queries;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /**
     * Completes once every read model of the learner's own pages (dashboard and profile,
     * achievements) has applied event {@code version}, or after the timeout; both are watched at once.
     */
    public CompletableFuture<Void> dashboardShows(String learnerId, long version) {
        return Mono.when(
                        await(new FindDashboardVersion(learnerId), Long.class,
                                applied -> applied != null && applied >= version,
                                "dashboard of learner " + learnerId + " at version " + version),
                        await(new FindAchievementProgressVersion(learnerId), Long.class,
                                applied -> applied != null && applied >= version,
                                "achievements of learner " + learnerId + " at version " + version))
                .toFuture();
    }

    /** Completes once the submission can be read, or after the timeout. */
    public CompletableFuture<Void> submissionShows(String submissionId) {
        return await(new FindSubmissionStatus(submissionId), String.class,
                status -> status != null && !status.isEmpty(), "submission " + submissionId)
                .then().toFuture();
    }

    /** Completes once the battle's row shows event {@code version}, or after the timeout. */
    public CompletableFuture<Void> battleShows(String battleId, long version) {
        return await(new FindBattleVersion(battleId), Long.class, applied -> applied != null && applied >= version,
                "battle " + battleId + " at version " + version)
                .then().toFuture();
    }

    /**
     * Completes once {@code query} answers a value {@code reached} accepts (its projection pushes updates
     * to subscribers of the query), or after the timeout; for read models other than the learner's own.
     */
    public <T> CompletableFuture<Boolean> shows(Object query, Class<T> type, Predicate<T> reached, String what) {
        return await(query, type, reached, what).toFuture();
    }

    /**
     * The first value of the read model that {@code reached} accepts, from the subscription's initial
     * result, its pushed updates and the fallback poll. A read that fails (a connection the database
     * dropped while restarting, a subscription that cannot be opened) counts as a read that has not seen
     * the write yet: the command succeeded, so its answer waits on instead of failing (seen as a 500 in
     * the PostgreSQL-restart drill).
     */
    private <T> Mono<Boolean> await(Object query, Class<T> type, Predicate<T> reached, String what) {
        Flux<T> polled = Flux.interval(pollInterval)
                .concatMap(tick -> Mono.fromFuture(() -> queries.query(query, type)).onErrorResume(failure -> Mono.empty()));
        Mono<Boolean> pushedOrPolled = Mono.usingWhen(
                Mono.fromSupplier(() -> queries.subscriptionQuery(query,
                        ResponseTypes.instanceOf(type), ResponseTypes.instanceOf(type))),
                result -> first(Flux.merge(result.initialResult().onErrorResume(failure -> Mono.empty()),
                        result.updates().onErrorResume(failure -> Flux.never()), polled), reached),
                result -> Mono.fromRunnable(result::close));
        return pushedOrPolled
                .onErrorResume(failure -> first(polled, reached))
                .timeout(timeout, Mono.fromSupplier(() -> {
                    log.warn("Read model did not show the {} within {}", what, timeout);
                    return false;
                }));
    }

    private static <T> Mono<Boolean> first(Flux<T> values, Predicate<T> reached) {
        return values.filter(reached).next().map(value -> true);
    }
}
