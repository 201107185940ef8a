package dev.pylearn.infra.axon;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.TrackedEventMessage;
import dev.pylearn.infra.push.PushedEventSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

/**
 * Axon's JDBC event store, except that each streamed event's time stamp is parsed once, by
 * {@link IsoInstants} rather than java.time's general formatter. Axon keeps time stamps as ISO-8601 text in its entries and parses
 * the text again with DateTimeFormatter every time anyone asks for the time: when the token is
 * computed, when the message is built and re-wrapped, per processor and segment. In a replay
 * profile that was a third of all CPU.
 *
 * <p>{@link #getTrackedEventData} is Axon 4.13's own, line for line, with the entry's time stamp
 * parsed up front; the gap settings it uses are the ones this class is built with.
 */
final class TimestampParsingEventStorageEngine extends JdbcEventStorageEngine implements PushedEventSource.BatchReader {

    /** Axon's defaults, set on the builder explicitly because the engine keeps them private. */
    static final int MAX_GAP_OFFSET = 10_000;
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int GAP_TIMEOUT_MILLIS = 60_000;

    private final Runnable appended;

    /** {@code appended} runs after each transaction that appended events has committed. */
    TimestampParsingEventStorageEngine(Builder builder, Runnable appended) {
        super(builder.maxGapOffset(MAX_GAP_OFFSET).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .gapTimeout(GAP_TIMEOUT_MILLIS));
        this.appended = appended;
    }

    /**
     * One read per aggregate load, not two: a batch shorter than the batch size is the stream's end.
     * Axon's JDBC engine reads until a batch comes back empty because its query bounds the batch by
     * sequence number ({@code >= n AND < n + batch size}), which a stream with gaps in its sequence
     * numbers leaves short before its end; an aggregate's stream in one store has none (Axon numbers
     * them, and no event is ever deleted here), so every command read an empty batch for nothing.
     */
    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return false;
    }

    /**
     * After the transaction the events were appended in commits (Spring's, which the unit of work's is,
     * also when a command runs inside an outer transaction); never on rollback.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        super.appendEvents(events, serializer);
        if (events.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    appended.run();
                }
            });
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> appended.run());
        } else {
            appended.run();
        }
    }

    /** One batch, as the first query of {@code readEvents(token, true)} reads it, and no further query. */
    @Override
    public List<? extends TrackedEventMessage<?>> readBatch(TrackingToken from) {
        return EventUtils.upcastAndDeserializeTrackedEvents(fetchTrackedEvents(from, batchSize()).stream(),
                getEventSerializer(), upcasterChain).toList();
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        String timestamp = resultSet.getString(schema.timestampColumn());
        GenericDomainEventEntry<?> entry = new GenericDomainEventEntry<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                timestamp,
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
        Instant parsed = IsoInstants.parse(timestamp);
        // as Axon: gaps are only kept for events younger than the gap timeout
        boolean allowGaps = parsed.isAfter(GenericEventMessage.clock.instant().minus(GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS));
        GapAwareTrackingToken token = previousToken;
        if (token == null) {
            token = GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                    .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = token.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return withTimestamp(token, entry, parsed);
    }

    private static <T> TrackedDomainEventData<T> withTimestamp(TrackingToken token, GenericDomainEventEntry<T> entry,
                                                               Instant timestamp) {
        return new TrackedDomainEventData<>(token, new Timestamped<>(entry, timestamp));
    }

    /** An event's data with its time stamp already parsed. */
    private record Timestamped<T>(GenericDomainEventEntry<T> data, Instant timestamp) implements DomainEventData<T> {

        @Override
        public String getEventIdentifier() {
            return data.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return data.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return data.getPayload();
        }

        @Override
        public String getType() {
            return data.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return data.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return data.getSequenceNumber();
        }
    }
}
