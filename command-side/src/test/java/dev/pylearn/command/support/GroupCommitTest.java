package dev.pylearn.command.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit per key: a key's commands go in batches of what arrived while its previous batch ran,
 * never mixed with another key's, and a key held up by a slow batch does not hold up the others. (The
 * single-key case, answers and the fallback of a failed batch: QueueJoinsTest.)
 */
class GroupCommitTest {

    record Say(String key, String text) {
    }

    record SayAll(List<Say> all) {
    }

    final List<Object> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    GroupCommit<Say, String> group;

    @AfterEach
    void stop() {
        release.countDown();
        group.close();
    }

    @Test
    void eachKeysCommandsGoTogetherInTheirOrderAndASlowKeyHoldsUpNoOther() throws Exception {
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            Object command = call.getArgument(0);
            sent.add(command);
            if (command instanceof Say say) {
                if (say.text().equals("slow")) {
                    slowStarted.countDown();
                    release.await(10, TimeUnit.SECONDS);
                }
                return say.text();
            }
            return ((SayAll) command).all().stream().map(say -> (Object) say.text()).toList();
        });
        group = new GroupCommit<>("test-sends", 2, 100, commands, SayAll::new, new SimpleMeterRegistry(), "test.sends");

        CompletableFuture<String> slow = group.submit("a", new Say("a", "slow"));
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> a1 = group.submit("a", new Say("a", "a1"));
        CompletableFuture<String> a2 = group.submit("a", new Say("a", "a2"));
        CompletableFuture<String> b1 = group.submit("b", new Say("b", "b1"));
        // key b goes on the second thread while key a's first batch is still held
        assertThat(b1.get(10, TimeUnit.SECONDS)).isEqualTo("b1");
        assertThat(a1).isNotDone();
        release.countDown();

        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        assertThat(a1.get(10, TimeUnit.SECONDS)).isEqualTo("a1");
        assertThat(a2.get(10, TimeUnit.SECONDS)).isEqualTo("a2");
        assertThat(sent).containsExactly(new Say("a", "slow"), new Say("b", "b1"),
                new SayAll(List.of(new Say("a", "a1"), new Say("a", "a2"))));
    }
    /**
     * A caller's continuation runs on a thread of its own, not on the sender: a join's read-your-writes
     * read there held up the next batch (see GroupCommit). Here the first caller's continuation waits
     * until the second command is answered, which it could never see if it ran on the one sender.
     */
    @Test
    void aCallersContinuationDoesNotHoldUpTheNextBatch() throws Exception {
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch continuationAttached = new CountDownLatch(1);
        CountDownLatch secondAnswered = new CountDownLatch(1);
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            Say say = call.getArgument(0);
            if (say.text().equals("first")) {
                firstSent.countDown();
                continuationAttached.await(10, TimeUnit.SECONDS);
            }
            return say.text();
        });
        group = new GroupCommit<>("test-sends", 1, 100, commands, SayAll::new, new SimpleMeterRegistry(), "test.sends");

        CompletableFuture<String> first = group.submit("a", new Say("a", "first"));
        assertThat(firstSent.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> firstContinuation = first.thenApply(text -> awaitQuietly(secondAnswered));
        CompletableFuture<String> second = group.submit("a", new Say("a", "second"));
        continuationAttached.countDown();

        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        secondAnswered.countDown();
        assertThat(firstContinuation.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
