package dev.pylearn.infra.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
    void fullBatchesAreTakenByTheStreamsBehindAndNothingIsSkipped() {
        CountingStore small = new CountingStore(2);
        PushedEventSource replaying = new PushedEventSource(small, processor -> OptionalLong.empty());
        small.append("a", "b", "c", "d", "e");
        TrackingToken afterA = small.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> ahead = replaying.openStream(afterA);
        BlockingStream<TrackedEventMessage<?>> behind = replaying.openStream(afterA);

        List<TrackedEventMessage<?>> read = drainMessages(ahead);
        assertThat(payloads(read)).containsExactly("b", "c", "d", "e");
        List<TrackedEventMessage<?>> taken = drainMessages(behind);
        assertThat(payloads(taken)).containsExactly("b", "c", "d", "e");
        // the stream ahead read its two full batches and the empty head; the one behind read nothing itself
        assertThat(small.reads.get()).isEqualTo(2 + 1);
        // the same message objects: each payload is deserialized once for both
        assertThat(taken.get(0)).isSameAs(read.get(0));
    }

    @Test
    void aFullBatchReadBeforeANotificationIsStillTakenAndWhatWasAppendedSinceIsRead() {
        CountingStore small = new CountingStore(2);
        PushedEventSource replaying = new PushedEventSource(small, processor -> OptionalLong.empty());
        small.append("a", "b", "c", "d", "e");
        TrackingToken afterA = small.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> ahead = replaying.openStream(afterA);
        assertThat(drain(ahead)).containsExactly("b", "c", "d", "e");
        int before = small.reads.get();

        small.append("f");
        replaying.eventsAppended();

        assertThat(drain(replaying.openStream(afterA))).containsExactly("b", "c", "d", "e", "f");
        // the two full batches were taken; the head (f, then nothing) read anew after the notification
        assertThat(small.reads.get() - before).isEqualTo(2);
    }

    @Test
    void onlyTheBatchesFurthestAlongAreKeptAndAStreamFurtherBackReadsForItself() {
        int kept = PushedEventSource.SharedReads.KEPT;
        CountingStore single = new CountingStore(1);
        PushedEventSource replaying = new PushedEventSource(single, processor -> OptionalLong.empty());
        List<String> events = new ArrayList<>();
        for (int n = 0; n <= kept + 10; n++) {
            events.add("e" + n);
        }
        single.append(events.toArray(String[]::new));
        TrackingToken afterFirst = single.readEvents(null, false).toList().get(0).trackingToken();
        assertThat(drain(replaying.openStream(afterFirst))).containsExactlyElementsOf(events.subList(1, events.size()));
        int before = single.reads.get();

        assertThat(drain(replaying.openStream(afterFirst))).containsExactlyElementsOf(events.subList(1, events.size()));
        // kept: the latest KEPT reads (the last batches and the empty head); the ones before them were read again,
        // and the empty head once more where this took longer than a head read is shared
        assertThat(single.reads.get() - before).isBetween(10, 11);
    }

    @Test
    void aStreamReadingThePastFarAheadWaitsForTheOneBehindAndBothShareTheBatches() throws Exception {
        CountingStore single = new CountingStore(1);
        PushedEventSource replaying = new PushedEventSource(single, processor -> OptionalLong.empty(), 2L);
        List<String> events = thirtyEvents(single);
        TrackingToken afterFirst = single.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> behind = replaying.openStream(afterFirst);
        BlockingStream<TrackedEventMessage<?>> ahead = replaying.openStream(afterFirst);
        List<Object> behindRead = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            behindRead.add(behind.nextAvailable().getPayload());
        }

        List<Object> aheadRead = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try {
                while (ahead.peek().isPresent()) {
                    aheadRead.add(ahead.nextAvailable().getPayload());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        Thread.sleep(300);
        // held within the lead of two events of the stream behind (which read up to e3 and stands still): it
        // took e1 to e5 or e6, and a wait lasts up to a second per read
        assertThat(aheadRead.size()).isBetween(4, 7);
        assertThat(replaying.pacedSeconds()).isPositive();

        behindRead.addAll(drain(behind));
        reader.join(60_000);
        assertThat(aheadRead).containsExactlyElementsOf(events.subList(1, 30));
        assertThat(behindRead).containsExactlyElementsOf(events.subList(1, 30));
        // together, the two streams read most batches once: far fewer than the 2 x 29 of two streams apart
        assertThat(single.reads.get()).isLessThan(45);
    }

    @Test
    void aClosedStreamIsNotWaitedFor() throws Exception {
        CountingStore single = new CountingStore(1);
        PushedEventSource replaying = new PushedEventSource(single, processor -> OptionalLong.empty(), 2L);
        List<String> events = thirtyEvents(single);
        TrackingToken afterFirst = single.readEvents(null, false).toList().get(0).trackingToken();
        BlockingStream<TrackedEventMessage<?>> stopped = replaying.openStream(afterFirst);
        stopped.nextAvailable();
        stopped.close();

        assertThat(drain(replaying.openStream(afterFirst))).containsExactlyElementsOf(events.subList(1, 30));
        // the paced time would be a second for each read beyond the lead (26)
        assertThat(replaying.pacedSeconds()).isLessThan(0.5);
    }

    @Test
    void anIdleStreamWaitsForANotificationInsteadOfReadingTheStoreEachTimeItIsAsked() throws Exception {
        store.append("a");
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        assertThat(drain(stream)).containsExactly("a");
        int before = store.reads.get();

        // a tracking processor with nothing to do asks again and again
        for (int i = 0; i < 5; i++) {
            assertThat(stream.hasNextAvailable(20, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
        }
        assertThat(store.reads.get()).isEqualTo(before);

        store.append("b");
        source.eventsAppended();
        assertThat(stream.hasNextAvailable(0, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("b");
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

    /** e0 to e29, one a batch: a lead of two events is two batches. */
    private static List<String> thirtyEvents(CountingStore store) {
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            events.add("e" + n);
        }
        store.append(events.toArray(String[]::new));
        return events;
    }

    private static List<Object> drain(BlockingStream<TrackedEventMessage<?>> stream) {
        return payloads(drainMessages(stream));
    }

    private static List<TrackedEventMessage<?>> drainMessages(BlockingStream<TrackedEventMessage<?>> stream) {
        List<TrackedEventMessage<?>> messages = new ArrayList<>();
        while (stream.peek().isPresent()) {
            try {
                messages.add(stream.nextAvailable());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return messages;
    }

    private static List<Object> payloads(List<TrackedEventMessage<?>> messages) {
        return messages.stream().<Object>map(TrackedEventMessage::getPayload).toList();
    }
}
