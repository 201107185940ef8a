package dev.pylearn.operations;

import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the positions of any processor, on any node, from {@code token_entry}: the token store is
 * the one place where all nodes' progress is visible. Tokens are deserialized with the serializer
 * Axon's token store writes them with.
 */
@Component
class Tokens {

    /** One segment's row: its position, and where a replay of it ends (null when not replaying). */
    record Row(int segment, String owner, String claimedAt, Long position, Long replayTarget) {
        /**
         * Still replaying: Axon keeps a replay token until an event past the reset position arrives,
         * so a replay that has applied everything up to that position counts as done here.
         */
        boolean replaying() {
            return replayTarget != null && (position == null || position < replayTarget);
        }

        /** Held by a live node: claimed and refreshed recently (Axon refreshes claims while it works). */
        boolean claimed() {
            if (owner == null || claimedAt == null) {
                return false;
            }
            try {
                return java.time.Instant.parse(claimedAt)
                        .isAfter(java.time.Instant.now().minus(ProjectionControl.STALE_CLAIM));
            } catch (java.time.format.DateTimeParseException e) {
                return false;
            }
        }
    }

    private final JdbcClient jdbc;
    private final Serializer serializer;

    Tokens(JdbcClient jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    List<Row> of(String processor) {
        return jdbc.sql("SELECT segment, owner, timestamp, token, token_type FROM token_entry "
                        + "WHERE processor_name = ? ORDER BY segment")
                .param(processor)
                .query((rs, n) -> {
                    TrackingToken token = token(rs.getBytes("token"), rs.getString("token_type"));
                    Long position = position(token);
                    Long target = token instanceof ReplayToken replay ? position(replay.getTokenAtReset()) : null;
                    return new Row(rs.getInt("segment"), rs.getString("owner"), rs.getString("timestamp"), position,
                            target);
                })
                .list();
    }

    /** The processor's position: the lowest of its segments (each segment sees the whole stream). */
    static Long position(List<Row> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        long lowest = Long.MAX_VALUE;
        for (Row row : rows) {
            lowest = Math.min(lowest, row.position() == null ? -1 : row.position());
        }
        return lowest;
    }

    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }

    private static Long position(TrackingToken token) {
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }
}
