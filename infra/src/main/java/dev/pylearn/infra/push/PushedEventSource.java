package dev.pylearn.infra.push;

import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event stream the projections and the execution worker read, woken by PostgreSQL instead of
 * polling it. Every append sends a NOTIFY on commit (migration V20) to every node; this source then
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
 */
public class PushedEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final EventStorageEngine storage;
    private final Set<PushedStream> open = ConcurrentHashMap.newKeySet();

    public PushedEventSource(EventStorageEngine storage) {
        this.storage = storage;
    }

    /** Events may have been appended: every open stream looks again. */
    public void eventsAppended() {
        for (PushedStream stream : open) {
            stream.wake();
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        PushedStream stream = new PushedStream(token);
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

        PushedStream(TrackingToken from) {
            this.last = from;
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
            return next;
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
