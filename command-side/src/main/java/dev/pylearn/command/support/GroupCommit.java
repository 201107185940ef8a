package dev.pylearn.command.support;

import dev.pylearn.api.Rejection;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for commands that queue on one lock anyway (one aggregate, or the matchmaker's lock).
 * Sent one by one, each held a pooled connection (its transaction starts before the lock is taken)
 * while it waited, so a burst on one lock took the whole pool (10) from the projections and the reads
 * that the commands' own answers wait for, and paid one commit per command in a row. Here the commands
 * for one key go one batch at a time: a lone command goes at once, as itself; those that arrive while a
 * batch runs go together as the next batch command (one transaction, one lock wait, one commit), whose
 * handler answers a list with one result or {@link Rejection} per command, in their order. A batch that
 * fails is sent again one command at a time, so one command's failure is that command's alone.
 * <p>
 * At most {@code threads} batches run at once on this node (of different keys), so at most that many
 * connections wait on these locks. Metrics: {@code <meters>.batch} (one batch, sent to committed) and
 * {@code <meters>.batch-size}.
 * <p>
 * The callers' futures are completed on threads of their own ({@link #ANSWER_THREADS}), not on the
 * sender: a future runs its caller's continuations on the thread that completes it, and each matchmaking
 * join's continuation reads the read model for its read-your-writes wait. Completed on the sender, 100
 * to 200 such reads ran one after another before the next batch could start: in the load test, with
 * the pool and PostgreSQL busy, 1.1 s of socket reads and 0.5 s of connection waits in 4 s of batches
 * (a flight recording of the sender thread), the join's command phase 1.6-2.2 s against 0.35-0.45 s in
 * {@code MatchmakingBenchmark}.
 *
 * @param <C> the single command
 * @param <R> its result
 */
public final class GroupCommit<C, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Threads that complete the callers' futures (and so run their continuations). */
    static final int ANSWER_THREADS = 4;

    private record Pending<C, R>(C command, CompletableFuture<R> result) {
    }

    /** The commands waiting for one key, and whether a batch of it is on its way. */
    private static final class Lane<C, R> {
        final ConcurrentLinkedQueue<Pending<C, R>> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean sending = new AtomicBoolean();
    }

    private final CommandGateway commands;
    private final Function<List<C>, Object> batchCommand;
    private final int maxBatch;
    private final Map<Object, Lane<C, R>> lanes = new ConcurrentHashMap<>();
    private final ExecutorService senders;
    private final ExecutorService answers;
    private final MeterRegistry meters;
    private final String meterPrefix;

    /**
     * @param name         the sending threads' name
     * @param threads      batches sent at once (of different keys)
     * @param maxBatch     the most commands one batch takes
     * @param batchCommand makes the batch command of two or more commands of one key
     * @param meters       where {@code meterPrefix.batch} and {@code meterPrefix.batch-size} go
     */
    public GroupCommit(String name, int threads, int maxBatch, CommandGateway commands,
                       Function<List<C>, Object> batchCommand, MeterRegistry meters, String meterPrefix) {
        this.commands = commands;
        this.batchCommand = batchCommand;
        this.maxBatch = maxBatch;
        AtomicInteger count = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, threads == 1 ? name : name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger answering = new AtomicInteger();
        this.answers = Executors.newFixedThreadPool(ANSWER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, name + "-answers-" + answering.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.meters = meters;
        this.meterPrefix = meterPrefix;
    }

    /** Completes with the command's result once its batch committed, or with its {@link Rejection}. */
    public CompletableFuture<R> submit(Object key, C command) {
        CompletableFuture<R> result = new CompletableFuture<>();
        Pending<C, R> pending = new Pending<>(command, result);
        // added under the map's lock of the key, so a lane is never dropped with a command in it
        Lane<C, R> lane = lanes.compute(key, (k, existing) -> {
            Lane<C, R> l = existing == null ? new Lane<>() : existing;
            l.pending.add(pending);
            return l;
        });
        schedule(key, lane);
        return result;
    }

    private void schedule(Object key, Lane<C, R> lane) {
        if (lane.sending.compareAndSet(false, true)) {
            try {
                senders.execute(() -> sendNext(key, lane));
            } catch (RejectedExecutionException closed) {
                lane.sending.set(false);
                failAll(lane, new IllegalStateException("Shutting down"));
            }
        }
    }

    private void sendNext(Object key, Lane<C, R> lane) {
        try {
            List<Pending<C, R>> batch = new ArrayList<>();
            Pending<C, R> next;
            while (batch.size() < maxBatch && (next = lane.pending.poll()) != null) {
                batch.add(next);
            }
            if (!batch.isEmpty()) {
                // looked up at each batch (a map lookup), not held from the constructor: held, both meters were
                // missing from MatchmakingBenchmark's registry (printed "none") while their batches ran, as a
                // meter registered before a meter filter configured later can be; looked up, they are there
                DistributionSummary.builder(meterPrefix + ".batch-size").register(meters).record(batch.size());
                Timer.builder(meterPrefix + ".batch").description("one batch of commands, sent to committed")
                        .publishPercentiles(0.5, 0.95).register(meters).record(() -> send(batch));
            }
        } finally {
            lane.sending.set(false);
        }
        lanes.computeIfPresent(key, (k, l) -> l.pending.isEmpty() && !l.sending.get() ? null : l);
        if (!lane.pending.isEmpty()) {
            schedule(key, lane); // arrived while this batch ran (or beyond its size)
        }
    }

    @SuppressWarnings("unchecked")
    private void send(List<Pending<C, R>> batch) {
        if (batch.size() == 1) {
            one(batch.get(0));
            return;
        }
        List<Object> results;
        try {
            results = commands.sendAndWait(batchCommand.apply(batch.stream().map(Pending::command).toList()));
        } catch (RuntimeException e) {
            log.info("A batch of {} commands failed ({}); sending them one at a time", batch.size(), e.toString());
            batch.forEach(this::one);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Object result = results.get(i);
            if (result instanceof Rejection rejection) {
                fail(batch.get(i), rejection);
            } else {
                answer(batch.get(i), (R) result);
            }
        }
    }

    private void one(Pending<C, R> pending) {
        try {
            answer(pending, commands.sendAndWait(pending.command()));
        } catch (RuntimeException e) {
            fail(pending, e);
        }
    }

    private void answer(Pending<C, R> pending, R result) {
        try {
            answers.execute(() -> pending.result().complete(result));
        } catch (RejectedExecutionException closed) {
            pending.result().complete(result);
        }
    }

    private void fail(Pending<C, R> pending, Throwable failure) {
        try {
            answers.execute(() -> pending.result().completeExceptionally(failure));
        } catch (RejectedExecutionException closed) {
            pending.result().completeExceptionally(failure);
        }
    }

    private static <C, R> void failAll(Lane<C, R> lane, RuntimeException why) {
        Pending<C, R> left;
        while ((left = lane.pending.poll()) != null) {
            left.result().completeExceptionally(why);
        }
    }

    /** Stops sending; commands still waiting fail, a batch on its way ends as it would. */
    @Override
    public void close() {
        senders.shutdownNow();
        answers.shutdown();
        lanes.values().forEach(lane -> failAll(lane, new IllegalStateException("Shutting down")));
    }
}
