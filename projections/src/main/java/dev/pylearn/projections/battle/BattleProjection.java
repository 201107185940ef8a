package dev.pylearn.projections.battle;

import dev.pylearn.api.battle.BattleAccepted;
import dev.pylearn.api.battle.BattleCodeSubmitted;
import dev.pylearn.api.battle.BattleDeclined;
import dev.pylearn.api.battle.BattleDrawn;
import dev.pylearn.api.battle.BattleExpired;
import dev.pylearn.api.battle.BattleForfeited;
import dev.pylearn.api.battle.BattleMatched;
import dev.pylearn.api.battle.BattleQueueJoined;
import dev.pylearn.api.battle.BattleQueueLeft;
import dev.pylearn.api.battle.BattleRequested;
import dev.pylearn.api.battle.BattleStarted;
import dev.pylearn.api.battle.BattleSubmissionDropped;
import dev.pylearn.api.battle.BattleSubmissionJudged;
import dev.pylearn.api.battle.BattleWon;
import dev.pylearn.api.battle.FindBattleQueueVersion;
import dev.pylearn.api.battle.FindBattleVersion;
import dev.pylearn.projections.support.ReadModelPush;
import dev.pylearn.projections.support.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code battle} (one row a battle, both players' live state), {@code battle_history} (each
 * player's ended battles), {@code battle_rating} (Elo) and {@code battle_lobby} (per learner: waiting
 * in the matchmaking queue since when, and the open battle; what the lobby shows, read by key instead
 * of the command side's queue). Row writes are guarded by the Battle's sequence number (the lobby's
 * queue changes by their time), so a redelivered event changes nothing. Ratings depend on the order battles
 * ended in, so the processor has one segment and replays in the store's order to the same
 * ratings; a history row is written once (its key) and only a new one moves a rating. Every change
 * is pushed, after the commit, to subscribers of {@link FindBattleVersion} (live streams, waiting
 * callers).
 */
@Component
@ReadModel(tables = {"battle", "battle_history", "battle_rating", "battle_lobby"})
@ProcessingGroup(BattleProjection.GROUP)
class BattleProjection {

    static final String GROUP = "battles";
    static final int INITIAL_RATING = 1200;
    static final int K = 32;

    private final JdbcClient jdbc;
    private final ReadModelPush push;

    BattleProjection(JdbcClient jdbc, ReadModelPush push) {
        this.jdbc = jdbc;
        this.push = push;
    }

    @EventHandler
    void on(BattleQueueJoined event) {
        long version = FindBattleQueueVersion.of(event.joinedAt());
        jdbc.sql("""
                        INSERT INTO battle_lobby (learner_id, queued_since, queue_version) VALUES (?, ?, ?)
                        ON CONFLICT (learner_id) DO UPDATE
                            SET queued_since = excluded.queued_since, queue_version = excluded.queue_version
                            WHERE battle_lobby.queue_version < excluded.queue_version""")
                .params(event.learnerId(), ts(event.joinedAt()), version)
                .update();
        push.reached(new FindBattleQueueVersion(event.learnerId()), version);
    }

    @EventHandler
    void on(BattleQueueLeft event) {
        long version = FindBattleQueueVersion.of(event.leftAt());
        jdbc.sql("""
                        UPDATE battle_lobby SET queued_since = NULL, queue_version = ?
                        WHERE learner_id = ? AND queue_version < ?""")
                .params(version, event.learnerId(), version)
                .update();
        push.reached(new FindBattleQueueVersion(event.learnerId()), version);
    }

    @EventHandler
    void on(BattleRequested event, @SequenceNumber long version) {
        insert(event.battleId(), event.challengerId(), event.opponentId(), event.challengeId(), event.totalTests(),
                "requested", false, event.acceptBy(), event.requestedAt(), version);
    }

    @EventHandler
    void on(BattleMatched event, @SequenceNumber long version) {
        insert(event.battleId(), event.learnerA(), event.learnerB(), event.challengeId(), event.totalTests(),
                "requested", true, null, event.matchedAt(), version);
    }

    @EventHandler
    void on(BattleAccepted event, @SequenceNumber long version) {
        update(event.battleId(), version, "b_joined = TRUE");
    }

    @EventHandler
    void on(BattleStarted event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE battle SET status = 'active', started_at = ?, ends_at = ?, version = ?
                        WHERE battle_id = ? AND version < ?""")
                .params(ts(event.startedAt()), ts(event.endsAt()), version, event.battleId(), version)
                .update();
        jdbc.sql("UPDATE battle_lobby SET battle_status = 'active' WHERE battle_id = ?").param(event.battleId()).update();
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleCodeSubmitted event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE battle SET
                            a_submissions = a_submissions + CASE WHEN learner_a = :l THEN 1 ELSE 0 END,
                            a_submitting = a_submitting + CASE WHEN learner_a = :l THEN 1 ELSE 0 END,
                            a_last_submission = CASE WHEN learner_a = :l THEN :s ELSE a_last_submission END,
                            b_submissions = b_submissions + CASE WHEN learner_b = :l THEN 1 ELSE 0 END,
                            b_submitting = b_submitting + CASE WHEN learner_b = :l THEN 1 ELSE 0 END,
                            b_last_submission = CASE WHEN learner_b = :l THEN :s ELSE b_last_submission END,
                            version = :v
                        WHERE battle_id = :id AND version < :v""")
                .param("l", event.learnerId()).param("s", event.submissionId()).param("v", version)
                .param("id", event.battleId())
                .update();
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleSubmissionDropped event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE battle SET
                            a_submissions = a_submissions - CASE WHEN learner_a = :l THEN 1 ELSE 0 END,
                            a_submitting = a_submitting - CASE WHEN learner_a = :l THEN 1 ELSE 0 END,
                            b_submissions = b_submissions - CASE WHEN learner_b = :l THEN 1 ELSE 0 END,
                            b_submitting = b_submitting - CASE WHEN learner_b = :l THEN 1 ELSE 0 END,
                            version = :v
                        WHERE battle_id = :id AND version < :v""")
                .param("l", event.learnerId()).param("v", version).param("id", event.battleId())
                .update();
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleSubmissionJudged event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE battle SET
                            a_submitting = a_submitting - CASE WHEN learner_a = :l THEN 1 ELSE 0 END,
                            a_best_submission = CASE WHEN learner_a = :l AND :p > a_best THEN :s ELSE a_best_submission END,
                            a_best = CASE WHEN learner_a = :l THEN GREATEST(a_best, :p) ELSE a_best END,
                            b_submitting = b_submitting - CASE WHEN learner_b = :l THEN 1 ELSE 0 END,
                            b_best_submission = CASE WHEN learner_b = :l AND :p > b_best THEN :s ELSE b_best_submission END,
                            b_best = CASE WHEN learner_b = :l THEN GREATEST(b_best, :p) ELSE b_best END,
                            version = :v
                        WHERE battle_id = :id AND version < :v""")
                .param("l", event.learnerId()).param("p", event.passed()).param("s", event.submissionId())
                .param("v", version).param("id", event.battleId())
                .update();
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleWon event, @SequenceNumber long version) {
        ended(event.battleId(), "won", event.winnerId(), event.reason(), event.wonAt(), version);
        rate(event.battleId(), event.winnerId(), event.loserId(), 1.0, "won", "lost", event.wonAt());
    }

    @EventHandler
    void on(BattleDrawn event, @SequenceNumber long version) {
        ended(event.battleId(), "drawn", null, "time-limit", event.drawnAt(), version);
        rate(event.battleId(), event.learnerA(), event.learnerB(), 0.5, "drawn", "drawn", event.drawnAt());
    }

    @EventHandler
    void on(BattleForfeited event, @SequenceNumber long version) {
        ended(event.battleId(), "forfeited", event.winnerId(), "forfeit", event.forfeitedAt(), version);
        rate(event.battleId(), event.winnerId(), event.forfeitedBy(), 1.0, "won", "forfeited", event.forfeitedAt());
    }

    @EventHandler
    void on(BattleDeclined event, @SequenceNumber long version) {
        ended(event.battleId(), "declined", null, "declined", event.declinedAt(), version);
        unrated(event.battleId(), "declined", event.declinedAt());
    }

    @EventHandler
    void on(BattleExpired event, @SequenceNumber long version) {
        ended(event.battleId(), "expired", null, "expired", event.expiredAt(), version);
        unrated(event.battleId(), "expired", event.expiredAt());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE battle, battle_history, battle_rating, battle_lobby").update();
    }

    private void insert(String battleId, String a, String b, String challengeId, int tests, String status,
                        boolean bJoined, Instant acceptBy, Instant at, long version) {
        jdbc.sql("""
                        INSERT INTO battle (battle_id, learner_a, learner_b, challenge_id, total_tests, status, b_joined,
                                            accept_by, requested_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (battle_id) DO NOTHING""")
                .params(battleId, a, b, challengeId, tests, status, bJoined, ts(acceptBy), ts(at), version)
                .update();
        // a match or a challenge takes both out of the queue (the seats' claim deletes their queue rows); both
        // players' lobby rows in one statement
        jdbc.sql("""
                        INSERT INTO battle_lobby (learner_id, battle_id, battle_status, challenger, opponent_id)
                        VALUES (?, ?, ?, TRUE, ?), (?, ?, ?, FALSE, ?)
                        ON CONFLICT (learner_id) DO UPDATE SET queued_since = NULL, battle_id = excluded.battle_id,
                            battle_status = excluded.battle_status, challenger = excluded.challenger,
                            opponent_id = excluded.opponent_id""")
                .params(a, battleId, status, b, b, battleId, status, a)
                .update();
        changed(battleId, version);
    }

    private void update(String battleId, long version, String set) {
        jdbc.sql("UPDATE battle SET " + set + ", version = ? WHERE battle_id = ? AND version < ?")
                .params(version, battleId, version)
                .update();
        changed(battleId, version);
    }

    private void ended(String battleId, String status, String winnerId, String reason, Instant at, long version) {
        jdbc.sql("""
                        UPDATE battle SET status = ?, winner_id = ?, end_reason = ?, ended_at = ?, a_submitting = 0,
                            b_submitting = 0, version = ?
                        WHERE battle_id = ? AND version < ?""")
                .params(status, winnerId, reason, ts(at), version, battleId, version)
                .update();
        jdbc.sql("""
                        UPDATE battle_lobby SET battle_id = NULL, battle_status = NULL, challenger = FALSE,
                            opponent_id = NULL
                        WHERE battle_id = ?""")
                .param(battleId)
                .update();
        changed(battleId, version);
    }

    /** Elo: each player's expected score from the ratings before, K = 32; {@code score} is the first player's. */
    private void rate(String battleId, String first, String second, double score, String firstOutcome,
                      String secondOutcome, Instant at) {
        String challengeId = challengeOf(battleId);
        int r1 = rating(first);
        int r2 = rating(second);
        double expected = 1 / (1 + Math.pow(10, (r2 - r1) / 400.0));
        int change = (int) Math.round(K * (score - expected));
        if (!history(first, battleId, second, challengeId, firstOutcome, r1 + change, change, at)) {
            return; // already counted
        }
        history(second, battleId, first, challengeId, secondOutcome, r2 - change, -change, at);
        rated(first, r1 + change, score == 1.0);
        rated(second, r2 - change, false);
    }

    /** A battle that never started: in both histories, no rating change. */
    private void unrated(String battleId, String outcome, Instant at) {
        List<String> players = jdbc.sql("SELECT learner_a, learner_b, challenge_id FROM battle WHERE battle_id = ?")
                .param(battleId)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional().orElse(null);
        if (players == null) {
            return;
        }
        history(players.get(0), battleId, players.get(1), players.get(2), outcome, rating(players.get(0)), 0, at);
        history(players.get(1), battleId, players.get(0), players.get(2), outcome, rating(players.get(1)), 0, at);
    }

    private boolean history(String learnerId, String battleId, String opponentId, String challengeId, String outcome,
                            int ratingAfter, int change, Instant at) {
        return jdbc.sql("""
                        INSERT INTO battle_history (learner_id, battle_id, opponent_id, challenge_id, outcome,
                                                    rating_after, rating_change, ended_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (learner_id, battle_id) DO NOTHING""")
                .params(learnerId, battleId, opponentId, challengeId, outcome, ratingAfter, change, ts(at))
                .update() == 1;
    }

    private void rated(String learnerId, int rating, boolean won) {
        jdbc.sql("""
                        INSERT INTO battle_rating (learner_id, rating, battles, wins) VALUES (?, ?, 1, ?)
                        ON CONFLICT (learner_id) DO UPDATE SET rating = excluded.rating,
                            battles = battle_rating.battles + 1, wins = battle_rating.wins + excluded.wins""")
                .params(learnerId, rating, won ? 1 : 0)
                .update();
    }

    private int rating(String learnerId) {
        return jdbc.sql("SELECT rating FROM battle_rating WHERE learner_id = ?").param(learnerId)
                .query(Integer.class).optional().orElse(INITIAL_RATING);
    }

    private String challengeOf(String battleId) {
        return jdbc.sql("SELECT challenge_id FROM battle WHERE battle_id = ?").param(battleId)
                .query(String.class).optional().orElse("");
    }

    private void changed(String battleId, long version) {
        push.reached(new FindBattleVersion(battleId), version);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
