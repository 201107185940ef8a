package dev.pylearn.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * A batch of events handled as an event processor handles it: a batching unit of work with Axon's
 * correlation data provider registered (its correlation interceptor does that for every processor).
 */
class DiscardedEventResultsTest {

    @Test
    void handledEventsAreNotAskedForTheirMetadata() throws Exception {
        AtomicInteger metadataReads = new AtomicInteger();
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf(metadataReads, 5);

        batch.executeWithResult(() -> DiscardedEventResults.INSTANCE.handle(batch, () -> null));

        // one read remains: the unit's result for the whole batch, a message of its own
        assertThat(metadataReads).hasValue(1);
        Map<Message<?>, ExecutionResult> results = batch.getExecutionResults();
        assertThat(results).hasSize(5);
        assertThat(results.values()).allSatisfy(each -> {
            ResultMessage<?> result = each.getResult();
            assertThat(result.isExceptional()).isFalse();
            assertThat(result.getPayload()).isNull();
            assertThat(result.getMetaData()).isEmpty();
        });
    }

    @Test
    void withoutItEveryEventsMetadataIsRead() throws Exception {
        AtomicInteger metadataReads = new AtomicInteger();
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf(metadataReads, 5);

        batch.executeWithResult(() -> null);

        // what the interceptor saves: Axon wraps each event's null result in a new message that
        // takes the unit's correlation data, read from the event's metadata (and the batch's result)
        assertThat(metadataReads).hasValue(6);
    }

    @Test
    void aHandlersFailureStillFailsTheBatch() {
        AtomicInteger metadataReads = new AtomicInteger();
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf(metadataReads, 1);
        IllegalStateException failure = new IllegalStateException("handler failed");

        ResultMessage<?> result = batch.executeWithResult(() -> DiscardedEventResults.INSTANCE.handle(batch, () -> {
            throw failure;
        }));

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isSameAs(failure);
        assertThat(batch.isRolledBack()).isTrue();
    }

    private static BatchingUnitOfWork<EventMessage<?>> batchOf(AtomicInteger metadataReads, int events) {
        List<EventMessage<?>> messages = new java.util.ArrayList<>();
        for (int i = 0; i < events; i++) {
            messages.add(new MetadataCounting("event " + i, metadataReads));
        }
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        batch.registerCorrelationDataProvider(new MessageOriginProvider());
        return batch;
    }

    /** An event whose metadata, as a stored event's, would be deserialized when asked for. */
    private static final class MetadataCounting extends GenericEventMessage<String> {

        private final AtomicInteger reads;

        MetadataCounting(String payload, AtomicInteger reads) {
            super(payload, MetaData.with("correlationId", "c-" + payload));
            this.reads = reads;
        }

        @Override
        public MetaData getMetaData() {
            reads.incrementAndGet();
            return super.getMetaData();
        }
    }
}
