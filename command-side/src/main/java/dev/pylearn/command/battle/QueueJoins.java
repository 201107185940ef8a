package dev.pylearn.command.battle;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.JoinBattleQueue;
import dev.pylearn.api.battle.QueueResult;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Group commit for the matchmaking queue. Joins are serial anyway (the {@link Matchmaker}'s lock), and
 * each one sent as its own command held a pooled connection while it waited for that lock: 200 joins
 * at once took every connection of the pool (10), so the projections and the reads that the joins' own
 * answers wait for queued behind them, and the burst paid 200 commits one after another. Here one
 * thread per node sends whatever joins have arrived as one {@link JoinBattleQueues} command (one
 * transaction, one lock wait, one commit) while the next ones gather: a lone join goes at once, a burst
 * goes in a few batches. A batch that fails is sent again one join at a time, so one join's failure is
 * that join's alone, as before.
 */
@Component
class QueueJoins {

    private static final Logger log = LoggerFactory.getLogger(QueueJoins.class);
    /** The most joins one transaction takes: the pairing is in memory, the rows a few statements each. */
    static final int MAX_BATCH = 500;

    private record Pending(JoinBattleQueue join, CompletableFuture<QueueResult> result) {
    }

    private final CommandGateway commands;
    private final MeterRegistry meters;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread sender;

    QueueJoins(CommandGateway commands, MeterRegistry meters) {
        this.commands = commands;
        this.meters = meters;
        this.sender = new Thread(this::run, "battle-queue-joins");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Completes with the join's result once its batch committed, or with its {@link Rejection}. */
    CompletableFuture<QueueResult> join(JoinBattleQueue join) {
        CompletableFuture<QueueResult> result = new CompletableFuture<>();
        pending.add(new Pending(join, result));
        return result;
    }

    @PreDestroy
    void stop() {
        sender.interrupt();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pending.drainTo(batch, MAX_BATCH - 1);
            DistributionSummary.builder("pylearn.battles.queue.batch-size").register(meters).record(batch.size());
            Timer.builder("pylearn.battles.queue.batch").description("one batch of joins, sent to committed")
                    .publishPercentiles(0.5, 0.95).register(meters).record(() -> send(batch));
        }
        List<Pending> left = new ArrayList<>();
        pending.drainTo(left);
        left.forEach(join -> join.result().completeExceptionally(new IllegalStateException("Shutting down")));
    }

    private void send(List<Pending> batch) {
        if (batch.size() == 1) {
            one(batch.get(0));
            return;
        }
        List<Object> results;
        try {
            results = commands.sendAndWait(new JoinBattleQueues(batch.stream().map(Pending::join).toList()));
        } catch (RuntimeException e) {
            log.info("A batch of {} queue joins failed ({}); sending them one at a time", batch.size(), e.toString());
            batch.forEach(this::one);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Object result = results.get(i);
            if (result instanceof Rejection rejection) {
                batch.get(i).result().completeExceptionally(rejection);
            } else {
                batch.get(i).result().complete((QueueResult) result);
            }
        }
    }

    private void one(Pending join) {
        try {
            join.result().complete(commands.sendAndWait(join.join()));
        } catch (RuntimeException e) {
            join.result().completeExceptionally(e);
        }
    }
}
