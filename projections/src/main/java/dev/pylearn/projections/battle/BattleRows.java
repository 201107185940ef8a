package dev.pylearn.projections.battle;

import dev.pylearn.api.battle.BattleDeclined;
import dev.pylearn.api.battle.BattleDrawn;
import dev.pylearn.api.battle.BattleExpired;
import dev.pylearn.api.battle.BattleForfeited;
import dev.pylearn.api.battle.BattleMatched;
import dev.pylearn.api.battle.BattleQueueJoined;
import dev.pylearn.api.battle.BattleQueueLeft;
import dev.pylearn.api.battle.BattleRequested;
import dev.pylearn.api.battle.BattleWon;
import dev.pylearn.projections.support.Batch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * One batch's rows of the battles read model ({@link BattleProjection}), as {@link Batch} keeps them:
 * the battles the batch's events belong to, the lobby rows of their players and of those who joined or
 * left the queue, and for battles that end in the batch their players' ratings and which of their
 * history rows exist. Loaded with one statement a table when the batch's first event is handled,
 * written back with one JDBC batch a table before it commits. One statement an event (two to seven for
 * some) made a burst of 100 matches cost about 600 statements, and every matched learner's answer waits
 * for this projection (read-your-writes).
 */
final class BattleRows implements Batch.Changes {

    static final String AGGREGATE = "Battle";
    private static final Set<Class<?>> ENDINGS = Set.of(BattleWon.class, BattleDrawn.class, BattleForfeited.class,
            BattleDeclined.class, BattleExpired.class);

    /** A {@code battle} row. */
    static final class BattleRow {
        final String battleId;
        final String learnerA;
        final String learnerB;
        final String challengeId;
        final int totalTests;
        String status;
        boolean bJoined;
        final Side a = new Side();
        final Side b = new Side();
        String winnerId;
        String endReason;
        final Instant requestedAt;
        final Instant acceptBy;
        Instant startedAt;
        Instant endsAt;
        Instant endedAt;
        long version;
        private boolean changed;

        BattleRow(String battleId, String learnerA, String learnerB, String challengeId, int totalTests,
                  String status, boolean bJoined, Instant requestedAt, Instant acceptBy, long version) {
            this.battleId = battleId;
            this.learnerA = learnerA;
            this.learnerB = learnerB;
            this.challengeId = challengeId;
            this.totalTests = totalTests;
            this.status = status;
            this.bJoined = bJoined;
            this.requestedAt = requestedAt;
            this.acceptBy = acceptBy;
            this.version = version;
        }

        /** The player's side, or null when the learner does not play in this battle. */
        Side of(String learnerId) {
            return learnerA.equals(learnerId) ? a : learnerB.equals(learnerId) ? b : null;
        }

        List<String> players() {
            return List.of(learnerA, learnerB);
        }
    }

    /** One player's live state in a battle. */
    static final class Side {
        int submissions;
        int submitting;
        int best;
        String bestSubmission;
        String lastSubmission;
    }

    /** A {@code battle_lobby} row: waiting in the queue since when, and the open battle. */
    static final class LobbyRow {
        final String learnerId;
        Instant queuedSince;
        long queueVersion = -1;
        String battleId;
        String battleStatus;
        boolean challenger;
        String opponentId;

        LobbyRow(String learnerId) {
            this.learnerId = learnerId;
        }
    }

    /** A {@code battle_rating} row. */
    static final class RatingRow {
        final String learnerId;
        int rating;
        int battles;
        int wins;

        RatingRow(String learnerId, int rating, int battles, int wins) {
            this.learnerId = learnerId;
            this.rating = rating;
            this.battles = battles;
            this.wins = wins;
        }
    }

    /** A {@code battle_history} row, written once. */
    record HistoryRow(String learnerId, String battleId, String opponentId, String challengeId, String outcome,
                      int ratingAfter, int ratingChange, Instant endedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Map<String, BattleRow> battles = new HashMap<>();
    private final Map<String, LobbyRow> lobby = new HashMap<>();
    private final Map<String, RatingRow> ratings = new HashMap<>();
    /** "learner battle" of the history rows that exist, those of this batch included. */
    private final Set<String> histories = new HashSet<>();
    private final Map<String, BattleRow> changedBattles = new LinkedHashMap<>();
    private final Map<String, LobbyRow> changedLobby = new LinkedHashMap<>();
    private final Map<String, RatingRow> changedRatings = new LinkedHashMap<>();
    private final List<HistoryRow> newHistory = new ArrayList<>();

    private BattleRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows {@code events} can touch, read with one statement a table. */
    static BattleRows load(JdbcTemplate jdbc, List<EventMessage<?>> events) {
        BattleRows rows = new BattleRows(jdbc);
        Set<String> battleIds = new LinkedHashSet<>();
        Set<String> ending = new LinkedHashSet<>();
        Set<String> learners = new LinkedHashSet<>();
        Set<String> rated = new LinkedHashSet<>();
        Map<String, List<String>> newPlayers = new HashMap<>();
        for (EventMessage<?> event : events) {
            Class<?> type = event.getPayloadType();
            if (event instanceof DomainEventMessage<?> domain && AGGREGATE.equals(domain.getType())) {
                battleIds.add(domain.getAggregateIdentifier());
                if (ENDINGS.contains(type)) {
                    ending.add(domain.getAggregateIdentifier());
                }
            }
            if (type == BattleQueueJoined.class) {
                learners.add(((BattleQueueJoined) event.getPayload()).learnerId());
            } else if (type == BattleQueueLeft.class) {
                learners.add(((BattleQueueLeft) event.getPayload()).learnerId());
            } else if (type == BattleRequested.class) {
                BattleRequested requested = (BattleRequested) event.getPayload();
                newPlayers.put(requested.battleId(), List.of(requested.challengerId(), requested.opponentId()));
            } else if (type == BattleMatched.class) {
                BattleMatched matched = (BattleMatched) event.getPayload();
                newPlayers.put(matched.battleId(), List.of(matched.learnerA(), matched.learnerB()));
            }
        }
        rows.select("SELECT * FROM battle WHERE battle_id = ANY (?)", battleIds, rs -> {
            BattleRow row = battle(rs);
            rows.battles.put(row.battleId, row);
        });
        for (String battleId : battleIds) {
            BattleRow row = rows.battles.get(battleId);
            List<String> players = row != null ? row.players() : newPlayers.getOrDefault(battleId, List.of());
            learners.addAll(players);
            if (ending.contains(battleId)) {
                rated.addAll(players);
            }
        }
        rows.select("SELECT * FROM battle_lobby WHERE learner_id = ANY (?)", learners, rs -> {
            LobbyRow row = new LobbyRow(rs.getString("learner_id"));
            row.queuedSince = instant(rs.getTimestamp("queued_since"));
            row.queueVersion = rs.getLong("queue_version");
            row.battleId = rs.getString("battle_id");
            row.battleStatus = rs.getString("battle_status");
            row.challenger = rs.getBoolean("challenger");
            row.opponentId = rs.getString("opponent_id");
            rows.lobby.put(row.learnerId, row);
        });
        rows.select("SELECT * FROM battle_rating WHERE learner_id = ANY (?)", rated, rs -> rows.ratings.put(
                rs.getString("learner_id"), new RatingRow(rs.getString("learner_id"), rs.getInt("rating"),
                        rs.getInt("battles"), rs.getInt("wins"))));
        rows.select("SELECT learner_id, battle_id FROM battle_history WHERE battle_id = ANY (?)", ending,
                rs -> rows.histories.add(rs.getString(1) + " " + rs.getString(2)));
        return rows;
    }

    /** The battle's row, or null when the read model has none (its first event was never seen). */
    BattleRow battle(String battleId) {
        return battles.get(battleId);
    }

    /** Adds a new battle's row unless it has one already; true when added. */
    boolean create(BattleRow row) {
        if (battles.putIfAbsent(row.battleId, row) != null) {
            return false;
        }
        changedBattles.put(row.battleId, row);
        return true;
    }

    /**
     * The battle's row if it exists and has not yet seen event {@code version}, now marked as having seen
     * it and changed; null when the event must change nothing.
     */
    BattleRow fresh(String battleId, long version) {
        BattleRow row = battles.get(battleId);
        if (row == null || row.version >= version) {
            return null;
        }
        row.version = version;
        changedBattles.put(battleId, row);
        return row;
    }

    /** The learner's lobby row, a new one when they have none; marked changed. */
    LobbyRow lobby(String learnerId) {
        LobbyRow row = lobby.computeIfAbsent(learnerId, LobbyRow::new);
        changedLobby.put(learnerId, row);
        return row;
    }

    /** The learner's lobby row if it exists, marked changed; else null. */
    LobbyRow existingLobby(String learnerId) {
        LobbyRow row = lobby.get(learnerId);
        if (row != null) {
            changedLobby.put(learnerId, row);
        }
        return row;
    }

    /** Applies {@code change} to the lobby rows of the battle's players that still show this battle. */
    void lobbiesShowing(BattleRow battle, Consumer<LobbyRow> change) {
        for (String player : battle.players()) {
            LobbyRow row = lobby.get(player);
            if (row != null && battle.battleId.equals(row.battleId)) {
                change.accept(row);
                changedLobby.put(player, row);
            }
        }
    }

    /** The learner's rating, {@code initial} when they have never battled. */
    int rating(String learnerId, int initial) {
        RatingRow row = ratings.get(learnerId);
        return row == null ? initial : row.rating;
    }

    /** A rated battle ended for the learner: the new rating, one more battle, a win when won. */
    void rated(String learnerId, int rating, boolean won) {
        RatingRow row = ratings.computeIfAbsent(learnerId, id -> new RatingRow(id, rating, 0, 0));
        row.rating = rating;
        row.battles++;
        row.wins += won ? 1 : 0;
        changedRatings.put(learnerId, row);
    }

    /** Adds the history row unless the learner's history has this battle already; true when added. */
    boolean history(HistoryRow row) {
        if (!histories.add(row.learnerId() + " " + row.battleId())) {
            return false;
        }
        newHistory.add(row);
        return true;
    }

    @Override
    public void flush() {
        write("""
                        INSERT INTO battle (battle_id, learner_a, learner_b, challenge_id, total_tests, status, b_joined,
                            a_submissions, a_submitting, a_best, a_best_submission, a_last_submission,
                            b_submissions, b_submitting, b_best, b_best_submission, b_last_submission,
                            winner_id, end_reason, requested_at, accept_by, started_at, ends_at, ended_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (battle_id) DO UPDATE SET status = excluded.status, b_joined = excluded.b_joined,
                            a_submissions = excluded.a_submissions, a_submitting = excluded.a_submitting,
                            a_best = excluded.a_best, a_best_submission = excluded.a_best_submission,
                            a_last_submission = excluded.a_last_submission, b_submissions = excluded.b_submissions,
                            b_submitting = excluded.b_submitting, b_best = excluded.b_best,
                            b_best_submission = excluded.b_best_submission, b_last_submission = excluded.b_last_submission,
                            winner_id = excluded.winner_id, end_reason = excluded.end_reason,
                            started_at = excluded.started_at, ends_at = excluded.ends_at, ended_at = excluded.ended_at,
                            version = excluded.version""",
                changedBattles.values(), (insert, row) -> {
                    int i = 0;
                    insert.setString(++i, row.battleId);
                    insert.setString(++i, row.learnerA);
                    insert.setString(++i, row.learnerB);
                    insert.setString(++i, row.challengeId);
                    insert.setInt(++i, row.totalTests);
                    insert.setString(++i, row.status);
                    insert.setBoolean(++i, row.bJoined);
                    for (Side side : List.of(row.a, row.b)) {
                        insert.setInt(++i, side.submissions);
                        insert.setInt(++i, side.submitting);
                        insert.setInt(++i, side.best);
                        insert.setString(++i, side.bestSubmission);
                        insert.setString(++i, side.lastSubmission);
                    }
                    insert.setString(++i, row.winnerId);
                    insert.setString(++i, row.endReason);
                    insert.setTimestamp(++i, timestamp(row.requestedAt));
                    insert.setTimestamp(++i, timestamp(row.acceptBy));
                    insert.setTimestamp(++i, timestamp(row.startedAt));
                    insert.setTimestamp(++i, timestamp(row.endsAt));
                    insert.setTimestamp(++i, timestamp(row.endedAt));
                    insert.setLong(++i, row.version);
                });
        write("""
                        INSERT INTO battle_lobby (learner_id, queued_since, queue_version, battle_id, battle_status,
                            challenger, opponent_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (learner_id) DO UPDATE SET queued_since = excluded.queued_since,
                            queue_version = excluded.queue_version, battle_id = excluded.battle_id,
                            battle_status = excluded.battle_status, challenger = excluded.challenger,
                            opponent_id = excluded.opponent_id""",
                changedLobby.values(), (insert, row) -> {
                    insert.setString(1, row.learnerId);
                    insert.setTimestamp(2, timestamp(row.queuedSince));
                    insert.setLong(3, row.queueVersion);
                    insert.setString(4, row.battleId);
                    insert.setString(5, row.battleStatus);
                    insert.setBoolean(6, row.challenger);
                    insert.setString(7, row.opponentId);
                });
        write("""
                        INSERT INTO battle_history (learner_id, battle_id, opponent_id, challenge_id, outcome,
                                                    rating_after, rating_change, ended_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (learner_id, battle_id) DO NOTHING""",
                newHistory, (insert, row) -> {
                    insert.setString(1, row.learnerId());
                    insert.setString(2, row.battleId());
                    insert.setString(3, row.opponentId());
                    insert.setString(4, row.challengeId());
                    insert.setString(5, row.outcome());
                    insert.setInt(6, row.ratingAfter());
                    insert.setInt(7, row.ratingChange());
                    insert.setTimestamp(8, timestamp(row.endedAt()));
                });
        write("""
                        INSERT INTO battle_rating (learner_id, rating, battles, wins) VALUES (?, ?, ?, ?)
                        ON CONFLICT (learner_id) DO UPDATE SET rating = excluded.rating, battles = excluded.battles,
                            wins = excluded.wins""",
                changedRatings.values(), (insert, row) -> {
                    insert.setString(1, row.learnerId);
                    insert.setInt(2, row.rating);
                    insert.setInt(3, row.battles);
                    insert.setInt(4, row.wins);
                });
    }

    private interface Setter<T> {
        void set(PreparedStatement statement, T row) throws SQLException;
    }

    private <T> void write(String sql, Collection<T> rows, Setter<T> setter) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, new ArrayList<>(rows), rows.size(), setter::set);
        }
    }

    private void select(String sql, Set<String> keys, RowCallbackHandler rows) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
            return statement;
        }, rows);
    }

    private static BattleRow battle(ResultSet rs) throws SQLException {
        BattleRow row = new BattleRow(rs.getString("battle_id"), rs.getString("learner_a"), rs.getString("learner_b"),
                rs.getString("challenge_id"), rs.getInt("total_tests"), rs.getString("status"),
                rs.getBoolean("b_joined"), instant(rs.getTimestamp("requested_at")),
                instant(rs.getTimestamp("accept_by")), rs.getLong("version"));
        for (String prefix : List.of("a_", "b_")) {
            Side side = prefix.equals("a_") ? row.a : row.b;
            side.submissions = rs.getInt(prefix + "submissions");
            side.submitting = rs.getInt(prefix + "submitting");
            side.best = rs.getInt(prefix + "best");
            side.bestSubmission = rs.getString(prefix + "best_submission");
            side.lastSubmission = rs.getString(prefix + "last_submission");
        }
        row.winnerId = rs.getString("winner_id");
        row.endReason = rs.getString("end_reason");
        row.startedAt = instant(rs.getTimestamp("started_at"));
        row.endsAt = instant(rs.getTimestamp("ends_at"));
        row.endedAt = instant(rs.getTimestamp("ended_at"));
        return row;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
