package dev.pylearn.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pylearn.api.battle.FindBattleVersion;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A write's answer waits for its read model, and a read that fails on the way (the database restarting)
 * delays that answer, never fails it: the command has succeeded.
 */
class ReadYourWritesTest {

    private final QueryGateway queries = mock(QueryGateway.class);
    private final ReadYourWrites readYourWrites = new ReadYourWrites(queries, Duration.ofSeconds(5),
            Duration.ofMillis(50));

    @SuppressWarnings("unchecked")
    private void subscription(Mono<Long> initial, Flux<Long> updates) {
        SubscriptionQueryResult<Long, Long> result = mock(SubscriptionQueryResult.class);
        when(result.initialResult()).thenReturn(initial);
        when(result.updates()).thenReturn(updates);
        when(queries.subscriptionQuery(any(Object.class), any(ResponseType.class), any(ResponseType.class)))
                .thenReturn((SubscriptionQueryResult) result);
    }

    /** The poll fails twice (connections dropped), then reads the version the write reached. */
    private void pollFailingTwiceThenShowing(long version) {
        AtomicInteger polls = new AtomicInteger();
        when(queries.query(any(Object.class), any(Class.class))).thenAnswer(call -> polls.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(new IllegalStateException("This connection has been closed."))
                : CompletableFuture.completedFuture(version));
    }

    @Test
    void failedReadsWhileTheDatabaseRestartsDelayTheAnswerInsteadOfFailingIt() throws Exception {
        subscription(Mono.error(new IllegalStateException("This connection has been closed.")),
                Flux.error(new IllegalStateException("subscription lost")));
        pollFailingTwiceThenShowing(7);
        readYourWrites.battleShows("battle-1", 7).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSubscriptionThatCannotBeOpenedFallsBackToThePoll() throws Exception {
        when(queries.subscriptionQuery(any(Object.class), any(ResponseType.class), any(ResponseType.class)))
                .thenThrow(new IllegalStateException("no connection"));
        pollFailingTwiceThenShowing(3);
        assertThat(readYourWrites.shows(new FindBattleVersion("battle-2"), Long.class, v -> v != null && v >= 3,
                "battle 2").get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aReadModelThatNeverShowsTheWriteEndsTheWaitAtTheTimeoutWithoutFailing() throws Exception {
        ReadYourWrites quick = new ReadYourWrites(queries, Duration.ofMillis(300), Duration.ofMillis(50));
        subscription(Mono.just(1L), Flux.never());
        when(queries.query(any(Object.class), any(Class.class))).thenReturn(CompletableFuture.completedFuture(1L));
        assertThat(quick.shows(new FindBattleVersion("battle-3"), Long.class, v -> v >= 2, "battle 3")
                .get(5, TimeUnit.SECONDS)).isFalse();
    }
}
