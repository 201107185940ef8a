package dev.pylearn.command.battle;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.JoinBattleQueue;
import dev.pylearn.api.battle.QueueResult;
import dev.pylearn.command.support.GroupCommit;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Group commit for the matchmaking queue ({@link GroupCommit}). Joins are serial anyway (the
 * {@link Matchmaker}'s lock), and each one sent as its own command held a pooled connection while it
 * waited for that lock: 200 joins at once took every connection of the pool (10), so the projections and
 * the reads that the joins' own answers wait for queued behind them, and the burst paid 200 commits one
 * after another. Here one thread per node sends whatever joins have arrived as one {@link JoinBattleQueues}
 * command while the next ones gather.
 */
@Component
class QueueJoins {

    /** The most joins one transaction takes: the pairing is in memory, the rows a few statements each. */
    static final int MAX_BATCH = 500;
    /** Every join goes through the one queue. */
    private static final String QUEUE = "queue";

    private final GroupCommit<JoinBattleQueue, QueueResult> joins;

    QueueJoins(CommandGateway commands, MeterRegistry meters) {
        this.joins = new GroupCommit<>("battle-queue-joins", 1, MAX_BATCH, commands, JoinBattleQueues::new, meters,
                "pylearn.battles.queue");
    }

    /** Completes with the join's result once its batch committed, or with its {@link Rejection}. */
    CompletableFuture<QueueResult> join(JoinBattleQueue join) {
        return joins.submit(QUEUE, join);
    }

    @PreDestroy
    void stop() {
        joins.close();
    }
}
