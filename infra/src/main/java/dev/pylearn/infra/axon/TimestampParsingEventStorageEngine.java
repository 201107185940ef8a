package dev.pylearn.infra.axon;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.DomainEventData;
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
 * Axon's JDBC event store, except that each streamed event's time stamp is parsed once, without
 * java.time's general formatter. Axon keeps time stamps as ISO-8601 text in its entries and parses
 * the text again with DateTimeFormatter every time anyone asks for the time: when the token is
 * computed, when the message is built and re-wrapped, per processor and segment. In a replay
 * profile that was a third of all CPU.
 *
 * <p>{@link #getTrackedEventData} is Axon 4.13's own, line for line, with the entry's time stamp
 * parsed up front; the gap settings it uses are the ones this class is built with.
 */
final class TimestampParsingEventStorageEngine extends JdbcEventStorageEngine {

    /** Axon's defaults, set on the builder explicitly because the engine keeps them private. */
    static final int MAX_GAP_OFFSET = 10_000;
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int GAP_TIMEOUT_MILLIS = 60_000;

    TimestampParsingEventStorageEngine(Builder builder) {
        super(builder.maxGapOffset(MAX_GAP_OFFSET).lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .gapTimeout(GAP_TIMEOUT_MILLIS));
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
        Instant parsed = parse(timestamp);
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

    /**
     * Parses the ISO-8601 instants Axon writes ({@code 2026-11-26T01:04:09.055Z}, with 0 to 9
     * fraction digits) by position; anything else goes to {@link Instant#parse}.
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > 20 && (text.charAt(19) != '.' || length == 21 || length > 30))) {
            return Instant.parse(text);
        }
        try {
            long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
            long seconds = day * 86_400 + digits(text, 11, 13) * 3_600L + digits(text, 14, 16) * 60L + digits(text, 17, 19);
            int nanos = 0;
            if (length > 20) {
                int fraction = length - 21;
                nanos = digits(text, 20, length - 1);
                for (int i = fraction; i < 9; i++) {
                    nanos *= 10;
                }
            }
            if (digits(text, 11, 13) > 23 || digits(text, 14, 16) > 59 || digits(text, 17, 19) > 59) {
                return Instant.parse(text);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            return Instant.parse(text); // reports what is wrong with the text
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not a digit", text, i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
