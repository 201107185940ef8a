package dev.pylearn.infra.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

/**
 * The processors of a node share their reads at the head of the stream, and sharing never hides an
 * event: what a stream reads after a notification includes everything appended before it, and a look
 * without any notification (one lost) still reaches the store once the shared read is no longer fresh.
 */
class PushedEventSourceTest {

    /** Axon's in-memory engine, counting the batches read from it. */
    static final class CountingStore extends InMemoryEventStorageEngine implements PushedEventSource.BatchReader {
        final AtomicInteger reads = new AtomicInteger();
        final int batchSize;

        CountingStore(int batchSize) {
            this.batchSize = batchSize;
        }

        @Override
        public List<? extends TrackedEventMessage<?>> readBatch(TrackingToken from) {
            reads.incrementAndGet();
            return readEvents(from, false).limit(batchSize).toList();
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        void append(String... payloads) {
            for (String payload : payloads) {
                appendEvents(GenericEventMessage.asEventMessage(payload));
            }
        }
    }

    private final CountingStore store = new CountingStore(100);
    private final PushedEventSource source = new PushedEventSource(store, processor -> OptionalLong.empty());

    @Test
    void streamsAtTheSameTokenShareOneReadOfTheNewEventsAndOneOfTheEmptyTail() {
        store.append("a");
        TrackingToken head = store.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> first = source.openStream(head);
        BlockingStream<TrackedEventMessage<?>> second = source.openStream(head);
        assertThat(first.peek()).isEmpty();
        assertThat(second.peek()).isEmpty();
        int before = store.reads.get();

        store.append("b", "c");
        source.eventsAppended();

        assertThat(drain(first)).containsExactly("b", "c");
        assertThat(drain(second)).containsExactly("b", "c");
        // one read of the two new events and one of the empty tail after them, for both streams
        assertThat(store.reads.get() - before).isEqualTo(2);
    }

    @Test
    void aReadBegunBeforeANotificationIsNotSharedAfterIt() {
        store.append("a");
        TrackingToken head = store.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> early = source.openStream(head);
        BlockingStream<TrackedEventMessage<?>> late = source.openStream(head);
        assertThat(early.peek()).isEmpty();

        store.append("b");
        source.eventsAppended();

        assertThat(drain(late)).containsExactly("b");
        assertThat(drain(early)).containsExactly("b");
    }

    @Test
    void withoutANotificationALookStillReachesTheStoreOnceTheSharedReadIsStale() throws InterruptedException {
        store.append("a");
        TrackingToken head = store.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(head);
        assertThat(stream.peek()).isEmpty();

        store.append("b"); // its notification is lost
        Thread.sleep(PushedEventSource.SharedReads.FRESH_MILLIS + 50);

        assertThat(drain(stream)).containsExactly("b");
    }

    @Test
    void fullBatchesAreReadByEachStreamForItselfAndNothingIsSkipped() {
        CountingStore small = new CountingStore(2);
        PushedEventSource replaying = new PushedEventSource(small, processor -> OptionalLong.empty());
        small.append("a", "b", "c", "d", "e");
        TrackingToken afterA = small.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> first = replaying.openStream(afterA);
        BlockingStream<TrackedEventMessage<?>> second = replaying.openStream(afterA);

        assertThat(drain(first)).containsExactly("b", "c", "d", "e");
        assertThat(drain(second)).containsExactly("b", "c", "d", "e");
        // each stream read its two full batches itself; the empty read at the head was shared
        assertThat(small.reads.get()).isEqualTo(2 + 2 + 1);
    }

    @Test
    void aStreamFromTheStartReadsEverything() {
        store.append("a", "b");
        assertThat(drain(source.openStream(null))).containsExactly("a", "b");
    }

    @Test
    void streamsReadingWhileEventsAreAppendedEachGetEveryEventOnceInOrder() throws Exception {
        int streams = 6;
        int events = 2_000;
        List<List<Object>> received = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(streams);
        for (int i = 0; i < streams; i++) {
            List<Object> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            received.add(mine);
            Thread reader = new Thread(() -> {
                try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
                    opened.countDown();
                    while (mine.size() < events) {
                        if (stream.hasNextAvailable(5, java.util.concurrent.TimeUnit.SECONDS)) {
                            mine.add(stream.nextAvailable().getPayload());
                        } else {
                            return; // nothing for 5 s: the assertion below says what was missed
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reader.start();
            readers.add(reader);
        }
        opened.await();
        List<Object> appended = new ArrayList<>();
        for (int n = 0; n < events; n++) {
            store.append("e" + n);
            appended.add("e" + n);
            source.eventsAppended(); // as the notification after each commit
        }
        for (Thread reader : readers) {
            reader.join(30_000);
        }
        for (List<Object> mine : received) {
            assertThat(mine).containsExactlyElementsOf(appended);
        }
        // the streams shared reads: far fewer than one per stream per event
        assertThat(store.reads.get()).isLessThan(streams * events);
    }

    private static List<Object> drain(BlockingStream<TrackedEventMessage<?>> stream) {
        List<Object> payloads = new ArrayList<>();
        Optional<TrackedEventMessage<?>> next;
        while ((next = stream.peek()).isPresent()) {
            try {
                payloads.add(stream.nextAvailable().getPayload());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(next).isPresent();
        }
        return payloads;
    }
}
