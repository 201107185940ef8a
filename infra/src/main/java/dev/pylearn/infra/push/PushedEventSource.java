package dev.pylearn.infra.push;

import java.time.Instant;
import java.util.Iterator;
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
 * lost) the coordinators still look every token-claim interval, and {@link PostgresSignals} wakes
 * them every second until it listens again.
 * <p>
 * Flow control for pooled processors: a coordinator hands every event to each of its work packages,
 * whose queues hold 1,024; when one is full the coordinator waits a fixed 100 ms, however fast the
 * work package empties it. In a replay that capped a projection at about 10,000 events/s. So a stream
 * opened by a coordinator answers "nothing yet" once {@value #IN_FLIGHT} events are handed out beyond
 * what the processor's segments on this node have applied, and wakes the coordinator again a few
 * milliseconds later: the queues never fill and the work packages never wait.
 */
public class PushedEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** Events handed to a coordinator beyond what its work packages applied: below their queues' 1,024. */
    static final int IN_FLIGHT = 768;
    private static final long MIN_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 100;
    private static final Pattern COORDINATOR = Pattern.compile("Coordinator\\[(.+)]-\\d+");

    private final EventStorageEngine storage;
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
        this.storage = storage;
        this.applied = applied;
    }

    /** Events may have been appended: every open stream looks again. */
    public void eventsAppended() {
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
        private Stream<? extends TrackedEventMessage<?>> reading;
        private Iterator<? extends TrackedEventMessage<?>> events;
        private TrackedEventMessage<?> peeked;
        /** Set by a notification, cleared by the look that follows it. */
        private volatile boolean woken = true;
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
            while (look() == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                synchronized (signal) {
                    if (!woken) {
                        TimeUnit.NANOSECONDS.timedWait(signal, left);
                    }
                }
            }
            return true;
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
            closeReading();
            woken = false;
            reading = storage.readEvents(last, true);
            events = reading.iterator();
            if (events.hasNext()) {
                peeked = events.next();
                return peeked;
            }
            closeReading();
            return null;
        }

        private void closeReading() {
            if (reading != null) {
                reading.close();
            }
            reading = null;
            events = null;
        }

        @Override
        public void close() {
            open.remove(this);
            onAvailable = null;
            closeReading();
        }
    }
}
