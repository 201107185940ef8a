package dev.pylearn.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.command.support.AdvisoryLockFactory;
import dev.pylearn.infra.support.PlatformTest;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.lock.Lock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lock of an aggregate written from several nodes, on the real PostgreSQL: two factories stand for
 * two nodes (each its own in-memory locks), so only the advisory lock stands between them. A command on
 * the other node waits until the holder's transaction ends, and then goes on; another aggregate, or the
 * same id of another aggregate type, does not wait.
 */
class AdvisoryLockFactoryTest extends PlatformTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aSecondNodeWaitsForTheHoldersCommitAndOtherAggregatesDoNot() throws Exception {
        AdvisoryLockFactory nodeA = new AdvisoryLockFactory(jdbc, "Conversation");
        AdvisoryLockFactory nodeB = new AdvisoryLockFactory(jdbc, "Conversation");
        AdvisoryLockFactory otherType = new AdvisoryLockFactory(jdbc, "Learner");
        String room = "room-" + UUID.randomUUID();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
            Lock lock = nodeA.obtainLock(room);
            held.countDown();
            await(commit);
            lock.release();
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            nodeB.obtainLock(room).release();
            return System.nanoTime();
        }));
        // neither another room nor the same id of another aggregate type waits for the holder
        tx.executeWithoutResult(status -> nodeB.obtainLock("room-" + UUID.randomUUID()).release());
        tx.executeWithoutResult(status -> otherType.obtainLock(room).release());
        Thread.sleep(300);
        assertThat(waiter).as("the other node waits while the holder's transaction is open").isNotDone();

        long committedAt = System.nanoTime();
        commit.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).as("and goes on once it has ended").isGreaterThan(committedAt);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
