package dev.pylearn.command.battle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.JoinBattleQueue;
import dev.pylearn.api.battle.QueueResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit of queue joins: what arrives while a batch runs goes as the next batch, each join
 * gets its own answer, and a failed batch goes again join by join.
 */
class QueueJoinsTest {

    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    final CountDownLatch firstSent = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Object> sent = new CopyOnWriteArrayList<>();
    QueueJoins joins;

    @AfterEach
    void stop() {
        joins.stop();
    }

    @Test
    void joinsThatArriveWhileABatchRunsGoTogetherAndEachGetsItsOwnAnswer() throws Exception {
        start(command -> command instanceof JoinBattleQueue ? new QueueResult(null, -1)
                : List.of(new QueueResult("battle-1", 1), new Rejection(Rejection.Kind.CONFLICT, "already-queued",
                        "Already in the queue", "You are already waiting for an opponent."), new QueueResult(null, -1)));
        CompletableFuture<QueueResult> ann = firstWhileTheOthersArrive();
        CompletableFuture<QueueResult> bob = joins.join(join("bob"));
        CompletableFuture<QueueResult> bobAgain = joins.join(join("bob"));
        CompletableFuture<QueueResult> carol = joins.join(join("carol"));
        release.countDown();

        assertThat(ann.get(10, TimeUnit.SECONDS)).isEqualTo(new QueueResult(null, -1));
        assertThat(bob.get(10, TimeUnit.SECONDS)).isEqualTo(new QueueResult("battle-1", 1));
        assertThat(carol.get(10, TimeUnit.SECONDS)).isEqualTo(new QueueResult(null, -1));
        assertThat(bobAgain).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(Rejection.class).withMessageContaining("already waiting");
        assertThat(sent).containsExactly(join("ann"), new JoinBattleQueues(List.of(join("bob"), join("bob"),
                join("carol"))));
    }

    @Test
    void aBatchThatFailsIsSentAgainOneJoinAtATimeSoOnlyTheFailingJoinFails() throws Exception {
        start(command -> {
            if (command instanceof JoinBattleQueues) {
                throw new IllegalStateException("a seat taken by a concurrent challenge");
            }
            if (((JoinBattleQueue) command).learnerId().equals("carol")) {
                throw new Rejection(Rejection.Kind.CONFLICT, "opponent-busy", "Opponent busy", "busy");
            }
            return new QueueResult(null, -1);
        });
        CompletableFuture<QueueResult> ann = firstWhileTheOthersArrive();
        CompletableFuture<QueueResult> bob = joins.join(join("bob"));
        CompletableFuture<QueueResult> carol = joins.join(join("carol"));
        release.countDown();

        assertThat(ann.get(10, TimeUnit.SECONDS)).isEqualTo(new QueueResult(null, -1));
        assertThat(bob.get(10, TimeUnit.SECONDS)).isEqualTo(new QueueResult(null, -1));
        assertThat(carol).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOf(Rejection.class);
        assertThat(sent).containsExactly(join("ann"), new JoinBattleQueues(List.of(join("bob"), join("carol"))),
                join("bob"), join("carol"));
    }

    /** A gateway that answers with {@code answers}, holding ann's join until {@link #release}. */
    private void start(Function<Object, Object> answers) {
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            Object command = call.getArgument(0);
            sent.add(command);
            if (command instanceof JoinBattleQueue join && join.learnerId().equals("ann")) {
                firstSent.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return answers.apply(command);
        });
        joins = new QueueJoins(commands, new SimpleMeterRegistry());
    }

    /** Ann's join, sent alone; the joins made before {@link #release} wait for it to commit. */
    private CompletableFuture<QueueResult> firstWhileTheOthersArrive() throws InterruptedException {
        CompletableFuture<QueueResult> ann = joins.join(join("ann"));
        assertThat(firstSent.await(10, TimeUnit.SECONDS)).isTrue();
        return ann;
    }

    private static JoinBattleQueue join(String learner) {
        return new JoinBattleQueue(learner, 1, T0);
    }
}
