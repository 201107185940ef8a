package dev.pylearn.infra.push;

import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event stream the projections and the execution worker read, woken by PostgreSQL instead of
 * polling it. Every append is followed, once committed, by a NOTIFY to every node ({@link EventAppendNotifier}); this source then
 * tells each open stream's reader that events may be there: a pooled streaming processor's
 * coordinator through its availability callback (it schedules itself at once), a blocking reader by
 * waking it. Reading goes straight to the storage engine from the stream's last token, so what a
 * node learns of by a notification is what it reads next, whichever node appended it.
 * <p>
 * Why not Axon's embedded event store: its streams offer no availability callback, so a pooled
 * processor's coordinator polls them every 500 ms, and its shared producer hears of another node's
 * events only by polling the table (every second). Without a notification (the listening connection
 * lost) the coordinators still look every token-claim interval and a tracking processor's idle stream every
 * {@value #OWN_LOOK_MILLIS} ms, and {@link PostgresSignals} wakes them every second until it listens again.
 * <p>
 * Flow control for pooled processors: a coordinator hands every event to each of its work packages,
 * whose queues hold 1,024; when one is full the coordinator waits a fixed 100 ms, however fast the
 * work package empties it. In a replay that capped a projection at about 10,000 events/s. So a stream
 * opened by a coordinator answers "nothing yet" once {@value #IN_FLIGHT} events are handed out beyond
 * what the processor's segments on this node have applied, and wakes the coordinator again a few
 * milliseconds later: the queues never fill and the work packages never wait.
 * <p>
 * One read per node, not one per processor: a notification wakes every processor of the node at once,
 * and each read the store from its own token, with Axon's JDBC engine three statements each (the
 * batch, then an empty batch to learn it was the last, then {@code min(global_index)} to tell an
 * empty window from the end). With twenty processors on a node and two nodes, 17 chat messages a
 * second cost 4,300 statements a second ({@code ChatDeliveryBenchmark}, 2026-11-29), and PostgreSQL
 * used a third of a core on them. Processors at the head of the stream hold equal tokens (the same
 * position, the same gaps), so a read from a token is shared ({@link SharedReads}): the first stream
 * that asks reads, the others asking for the same token meanwhile get its batch. A shared head read is
 * only one that began after the latest notification, and for a short while ({@link SharedReads#FRESH_MILLIS}),
 * so a stream never takes a batch older than what it was woken for, and a processor's own look when
 * no notification came (a lost one) still reads the store. Full batches, the stream's past, are kept
 * a little longer for the processors replaying behind the one that read them.
 */
public class PushedEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** Events handed to a coordinator beyond what its work packages applied: below their queues' 1,024. */
    static final int IN_FLIGHT = 768;
    private static final long MIN_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 100;
    /** How often an idle stream reads the store without a notification: a lost one costs at most this long. */
    static final long OWN_LOOK_MILLIS = 5_000;
    private static final Pattern COORDINATOR = Pattern.compile("Coordinator\\[(.+)]-\\d+");

    private final EventStorageEngine storage;
    private final SharedReads reads;
    private final Function<String, OptionalLong> applied;
    private final Set<PushedStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "pushed-events-pacer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param applied per processor, the lowest position its segments on this node have applied (empty
     *                when it holds none): what flow control measures the events in flight against
     */
    public PushedEventSource(EventStorageEngine storage, Function<String, OptionalLong> applied) {
        this(storage, applied, null);
    }

    /** @param leadEvents how far a stream reading the past may run ahead of the others (null: half the kept reads) */
    PushedEventSource(EventStorageEngine storage, Function<String, OptionalLong> applied, Long leadEvents) {
        this.storage = storage;
        BatchReader reader = storage instanceof BatchReader batches ? batches : new WholeStreamReader(storage);
        this.reads = leadEvents == null ? new SharedReads(reader) : new SharedReads(reader, leadEvents);
        this.applied = applied;
    }

    /** Batches read from the storage engine. */
    public long storeReads() {
        return reads.storeReads();
    }

    /** Batches a stream took from another stream's read instead of reading them. */
    public long sharedReads() {
        return reads.sharedReads();
    }

    /** Seconds streams reading the past waited for those behind them, summed over the streams. */
    public double pacedSeconds() {
        return reads.pacedNanos() / 1e9;
    }

    /** Events may have been appended: every open stream looks again. */
    public void eventsAppended() {
        reads.newEvents();
        for (PushedStream stream : open) {
            stream.wake();
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        // a pooled processor's coordinator opens its stream from its own thread, named after the processor
        Matcher coordinator = COORDINATOR.matcher(Thread.currentThread().getName());
        PushedStream stream = new PushedStream(token, coordinator.matches() ? coordinator.group(1) : null);
        open.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storage.createTokenAt(dateTime);
    }

    /** Reads the storage engine from its last token; an exhausted read is reopened on the next look. */
    private final class PushedStream implements BlockingStream<TrackedEventMessage<?>> {

        private final Object signal = new Object();
        private volatile Runnable onAvailable;
        private TrackingToken last;
        private Iterator<? extends TrackedEventMessage<?>> events;
        private TrackedEventMessage<?> peeked;
        /** Set by a notification, cleared by the look that follows it. */
        private volatile boolean woken = true;
        /** The last read filled a batch: more may follow at once, so the next look reads without waiting. */
        private boolean lastReadFull = true;
        private long lastReadAt = System.nanoTime();
        /** The processor whose coordinator reads this stream (flow-controlled), or null. */
        private final String processor;
        private long handedOut = -1;
        private long appliedSeen = -1;
        private volatile boolean paced;
        /** How long to let the work packages catch up: doubled while they make no progress (a long handler). */
        private long pauseMillis = MIN_PAUSE_MILLIS;

        PushedStream(TrackingToken from, String processor) {
            this.last = from;
            this.processor = processor;
        }

        void wake() {
            woken = true;
            synchronized (signal) {
                signal.notifyAll();
            }
            Runnable callback = onAvailable;
            if (callback != null) {
                callback.run();
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.onAvailable = callback;
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(look());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout == 0 && tooFarAhead()) {
                return false;
            }
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (!worthLooking() || look() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                synchronized (signal) {
                    if (!woken) {
                        TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, untilOwnLook()));
                    }
                }
            }
            return true;
        }

        /**
         * Whether a look may find something: events in hand, a notification since the last read, a full last
         * read, or a while without reading ({@value #OWN_LOOK_MILLIS} ms, for a notification lost). A tracking
         * processor asks every second while it has nothing to do; reading the store each time cost each idle
         * segment a statement a second.
         */
        private boolean worthLooking() {
            return peeked != null || (events != null && events.hasNext()) || woken || lastReadFull
                    || untilOwnLook() <= 0;
        }

        private long untilOwnLook() {
            return lastReadAt + TimeUnit.MILLISECONDS.toNanos(OWN_LOOK_MILLIS) - System.nanoTime();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                // blocks until an event comes, as the contract says
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            last = next.trackingToken();
            handedOut = last.position().orElse(handedOut);
            return next;
        }

        /**
         * True when the coordinator should wait for its work packages: it is then woken a moment later
         * (its wait after "nothing available" ends with the availability callback).
         */
        private boolean tooFarAhead() {
            if (processor == null || handedOut < 0 || handedOut - appliedSeen < IN_FLIGHT) {
                return false;
            }
            long before = appliedSeen;
            appliedSeen = applied.apply(processor).orElse(handedOut);
            if (handedOut - appliedSeen < IN_FLIGHT) {
                pauseMillis = MIN_PAUSE_MILLIS;
                return false;
            }
            if (!paced) {
                paced = true;
                // up to Axon's own 100 ms when nothing moved (a worker judging code), a few ms in a replay
                pauseMillis = appliedSeen > before ? MIN_PAUSE_MILLIS : Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
                pacer.schedule(() -> {
                    paced = false;
                    wake();
                }, pauseMillis, TimeUnit.MILLISECONDS);
            }
            return true;
        }

        /** The next event, reading on from the last token when the current read is used up. */
        private TrackedEventMessage<?> look() {
            if (peeked != null) {
                return peeked;
            }
            if (events != null && events.hasNext()) {
                peeked = events.next();
                return peeked;
            }
            woken = false; // before the read: a notification from now on makes the stream look again
            List<? extends TrackedEventMessage<?>> batch = reads.read(last, this);
            lastReadFull = batch.size() >= reads.batchSize();
            lastReadAt = System.nanoTime();
            events = batch.iterator();
            if (events.hasNext()) {
                peeked = events.next();
                return peeked;
            }
            events = null;
            return null;
        }

        @Override
        public void close() {
            open.remove(this);
            reads.forget(this);
            onAvailable = null;
            events = null;
        }
    }

    /** Reads one batch of events after a token: a single query, not a stream read until an empty batch. */
    public interface BatchReader {

        /** The events after {@code from} (from the start when null), at most one batch; empty when there are none. */
        List<? extends TrackedEventMessage<?>> readBatch(TrackingToken from);

        /** The most events one batch holds: a full batch says that more may follow at once. */
        int batchSize();
    }

    /** Any other storage engine: its stream from the token, read to its end. */
    private record WholeStreamReader(EventStorageEngine storage) implements BatchReader {

        @Override
        public List<? extends TrackedEventMessage<?>> readBatch(TrackingToken from) {
            try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(from, true)) {
                return events.limit(batchSize()).toList();
            }
        }

        @Override
        public int batchSize() {
            return 1000;
        }
    }

    /**
     * Reads from a token, shared by the streams that ask for the same token. Two kinds of read are shared:
     * <ul>
     * <li>A read at the head of the stream (shorter than a full batch), while a notification's reads are
     * under way: only one that began after the latest notification (so it sees everything that
     * notification announced) and at most {@value #FRESH_MILLIS} ms ago.</li>
     * <li>A full batch, the stream's past (a replay, a backlog): the events after a token up to a full batch are
     * the same whoever reads them and whenever, and what was not yet committed then stays a gap in the
     * tokens, which later reads fill. Processors replaying at once move through the stream close together,
     * so the last {@value #KEPT} batches are kept for up to {@value #FULL_FRESH_MILLIS} ms: a stream behind the
     * one that read a batch takes it instead of reading it again, and takes the same message objects, whose
     * payload and metadata are then deserialized once for every processor. Six projections replayed at once
     * read the history from PostgreSQL once instead of six times, and Jackson, which took a third of their
     * handlers' CPU, runs once an event ({@code ProjectionBenchmark}, 2026-11-29). A stream reading the past
     * far ahead of the others waits for them (see {@link #waitForThoseBehind}), so they stay close enough.</li>
     * </ul>
     */
    static final class SharedReads {

        static final long FRESH_MILLIS = 200;
        static final long FULL_FRESH_MILLIS = 30_000;
        /** Reads kept at most: with 1,000 events a batch, a window of 64,000 events of the stream. */
        static final int KEPT = 64;

        private record Read(long generation, long startedAt, CompletableFuture<List<? extends TrackedEventMessage<?>>> batch) {
        }

        /** How long a stream reading the past waits at most, per read, for the streams behind it. */
        static final long MAX_WAIT_MILLIS = 1_000;
        /** A stream that has not read for this long is not waited for (stopped, failing, or at a long batch). */
        static final long STALE_MILLIS = 5_000;
        /**
         * Nor one further back than this many leads: a replay begun long after another's would hold the
         * first back for as long as it took to come near, sharing nothing meanwhile.
         */
        static final int HORIZON = 4;

        private final BatchReader reader;
        private final AtomicLong generation = new AtomicLong();
        private final Map<TrackingToken, Read> reads = new ConcurrentHashMap<>();
        private final AtomicLong storeReads = new AtomicLong();
        private final AtomicLong sharedReads = new AtomicLong();
        private final AtomicLong pacedNanos = new AtomicLong();
        /** Where each stream reading the stream's past (its last batch was full) last read, and when. */
        private final Map<Object, Progress> catchingUp = new ConcurrentHashMap<>();
        private final long leadEvents;

        private record Progress(long position, long readAt) {
        }

        SharedReads(BatchReader reader) {
            this(reader, (long) KEPT / 2 * reader.batchSize());
        }

        /** @param leadEvents how far a stream reading the past may run ahead of the slowest one also reading it */
        SharedReads(BatchReader reader, long leadEvents) {
            this.reader = reader;
            this.leadEvents = leadEvents;
        }

        /** A stream is closed: nobody waits for it. */
        void forget(Object stream) {
            catchingUp.remove(stream);
        }

        /** A notification: head reads begun before it are not shared from now on. */
        void newEvents() {
            generation.incrementAndGet();
            reads.values().removeIf(read -> read.batch().isDone() && !full(read));
        }

        /** The most events one read returns. */
        int batchSize() {
            return reader.batchSize();
        }

        /** How many reads went to the store. */
        long storeReads() {
            return storeReads.get();
        }

        /** How many reads were answered with another stream's batch. */
        long sharedReads() {
            return sharedReads.get();
        }

        /** How long streams waited for those behind them, in all. */
        long pacedNanos() {
            return pacedNanos.get();
        }

        /** The batch after {@code from} for {@code stream}, which is paced if it reads the past far ahead of others. */
        List<? extends TrackedEventMessage<?>> read(TrackingToken from, Object stream) {
            waitForThoseBehind(stream, from);
            List<? extends TrackedEventMessage<?>> batch = read(from);
            if (from != null && batch.size() >= reader.batchSize()) {
                catchingUp.put(stream, new Progress(from.position().orElse(0), System.nanoTime()));
            } else {
                catchingUp.remove(stream);
            }
            return batch;
        }

        /**
         * Streams reading the stream's past together stay within half the kept window of each other:
         * one further ahead waits (at most {@value #MAX_WAIT_MILLIS} ms a read) for the slowest, so the
         * batches it reads are still kept when the others come to them and each is read and deserialized
         * once. Left to themselves, six projections replayed at once drifted apart (the catalog at
         * twice the pace of the dashboards, which handle more) and shared a third of their batches. Only
         * full batches are paced: a stream at the head never waits, and a stream that has not read for
         * {@value #STALE_MILLIS} ms (stopped, or retrying a failed batch) or is more than {@value #HORIZON}
         * leads behind (a replay begun much later) is not waited for.
         */
        private void waitForThoseBehind(Object stream, TrackingToken from) {
            if (from == null || !catchingUp.containsKey(stream)) {
                return;
            }
            long position = from.position().orElse(0);
            long started = System.nanoTime();
            try {
                waitWhileFarAhead(stream, position, started + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS));
            } finally {
                pacedNanos.addAndGet(System.nanoTime() - started);
            }
        }

        private void waitWhileFarAhead(Object stream, long position, long deadline) {
            while (System.nanoTime() < deadline) {
                long staleBefore = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(STALE_MILLIS);
                boolean farAhead = catchingUp.entrySet().stream().anyMatch(other -> {
                    long gap = position - other.getValue().position();
                    return other.getKey() != stream && other.getValue().readAt() > staleBefore
                            && gap > leadEvents && gap <= HORIZON * leadEvents;
                });
                if (!farAhead) {
                    return;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // stopping: read on, the processor sees the flag
                    return;
                }
            }
        }

        List<? extends TrackedEventMessage<?>> read(TrackingToken from) {
            if (from == null) {
                return fromStore(null);
            }
            long current = generation.get();
            long now = System.nanoTime();
            Read mine = new Read(current, now, new CompletableFuture<>());
            Read chosen = reads.compute(from, (token, kept) -> shareable(kept, current, now) ? kept : mine);
            if (chosen != mine) {
                List<? extends TrackedEventMessage<?>> batch;
                try {
                    batch = chosen.batch().join();
                } catch (CompletionException | CancellationException failed) {
                    return fromStore(from); // the sharing read failed: this stream tries for itself
                }
                // a read from before the latest notification that ended at the head may miss what it announced
                if (chosen.generation() == current || batch.size() >= reader.batchSize()) {
                    sharedReads.incrementAndGet();
                    return batch;
                }
                return fromStore(from);
            }
            try {
                List<? extends TrackedEventMessage<?>> batch = fromStore(from);
                mine.batch().complete(batch);
                if (reads.size() > KEPT) {
                    trim();
                }
                return batch;
            } catch (RuntimeException e) {
                mine.batch().completeExceptionally(e);
                reads.remove(from, mine);
                throw e;
            }
        }

        private boolean shareable(Read kept, long current, long now) {
            if (kept == null) {
                return false;
            }
            long age = now - kept.startedAt();
            if (kept.generation() == current && age < TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS)) {
                return true;
            }
            // still under way (it may turn out full: the caller then checks) or a full batch
            return age < TimeUnit.MILLISECONDS.toNanos(FULL_FRESH_MILLIS) && (!kept.batch().isDone() || full(kept));
        }

        private boolean full(Read read) {
            List<? extends TrackedEventMessage<?>> batch = read.batch().getNow(null);
            return batch != null && batch.size() >= reader.batchSize();
        }

        /**
         * Drops finished reads beyond {@link #KEPT}, those furthest back in the stream first: a stream
         * further back than the window reads for itself, and its reads must not push out the batches
         * ahead of it that the streams in the window (and soon itself) are about to take.
         */
        private void trim() {
            long now = System.nanoTime();
            reads.values().removeIf(read -> read.batch().isDone()
                    && now - read.startedAt() >= TimeUnit.MILLISECONDS.toNanos(FULL_FRESH_MILLIS));
            while (reads.size() > KEPT) {
                var furthestBack = reads.entrySet().stream()
                        .filter(entry -> entry.getValue().batch().isDone())
                        .min(Comparator.comparingLong(entry -> entry.getKey().position().orElse(Long.MIN_VALUE)));
                if (furthestBack.isEmpty()) {
                    return;
                }
                reads.remove(furthestBack.get().getKey(), furthestBack.get().getValue());
            }
        }

        private List<? extends TrackedEventMessage<?>> fromStore(TrackingToken from) {
            storeReads.incrementAndGet();
            return List.copyOf(reader.readBatch(from));
        }
    }
}
