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
import dev.pylearn.projections.battle.BattleRows.BattleRow;
import dev.pylearn.projections.battle.BattleRows.HistoryRow;
import dev.pylearn.projections.battle.BattleRows.LobbyRow;
import dev.pylearn.projections.battle.BattleRows.Side;
import dev.pylearn.projections.support.Batch;
import dev.pylearn.projections.support.ReadModel;
import dev.pylearn.projections.support.ReadModelPush;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code battle} (one row a battle, both players' live state), {@code battle_history} (each
 * player's ended battles), {@code battle_rating} (Elo) and {@code battle_lobby} (per learner: waiting
 * in the matchmaking queue since when, and the open battle; what the lobby shows, read by key instead
 * of the command side's queue). Row changes are guarded by the Battle's sequence number (the lobby's
 * queue changes by their time), so a redelivered event changes nothing; a batch's rows are read and
 * written a few statements a batch ({@link BattleRows}). Ratings depend on the order battles
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

    private final JdbcTemplate jdbc;
    private final ReadModelPush push;

    BattleProjection(JdbcTemplate jdbc, ReadModelPush push) {
        this.jdbc = jdbc;
        this.push = push;
    }

    @EventHandler
    void on(BattleQueueJoined event) {
        long version = FindBattleQueueVersion.of(event.joinedAt());
        LobbyRow row = rows().lobby(event.learnerId());
        if (row.queueVersion < version) {
            row.queuedSince = event.joinedAt();
            row.queueVersion = version;
        }
        push.reached(new FindBattleQueueVersion(event.learnerId()), version);
    }

    @EventHandler
    void on(BattleQueueLeft event) {
        long version = FindBattleQueueVersion.of(event.leftAt());
        LobbyRow row = rows().existingLobby(event.learnerId());
        if (row != null && row.queueVersion < version) {
            row.queuedSince = null;
            row.queueVersion = version;
        }
        push.reached(new FindBattleQueueVersion(event.learnerId()), version);
    }

    @EventHandler
    void on(BattleRequested event, @SequenceNumber long version) {
        opened(new BattleRow(event.battleId(), event.challengerId(), event.opponentId(), event.challengeId(),
                event.totalTests(), "requested", false, event.requestedAt(), event.acceptBy(), version));
    }

    @EventHandler
    void on(BattleMatched event, @SequenceNumber long version) {
        opened(new BattleRow(event.battleId(), event.learnerA(), event.learnerB(), event.challengeId(),
                event.totalTests(), "requested", true, event.matchedAt(), null, version));
    }

    @EventHandler
    void on(BattleAccepted event, @SequenceNumber long version) {
        BattleRow battle = rows().fresh(event.battleId(), version);
        if (battle != null) {
            battle.bJoined = true;
        }
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleStarted event, @SequenceNumber long version) {
        BattleRows rows = rows();
        BattleRow battle = rows.fresh(event.battleId(), version);
        if (battle != null) {
            battle.status = "active";
            battle.startedAt = event.startedAt();
            battle.endsAt = event.endsAt();
        }
        BattleRow known = rows.battle(event.battleId());
        if (known != null) {
            rows.lobbiesShowing(known, lobby -> lobby.battleStatus = "active");
        }
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleCodeSubmitted event, @SequenceNumber long version) {
        BattleRow battle = rows().fresh(event.battleId(), version);
        Side side = battle == null ? null : battle.of(event.learnerId());
        if (side != null) {
            side.submissions++;
            side.submitting++;
            side.lastSubmission = event.submissionId();
        }
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleSubmissionDropped event, @SequenceNumber long version) {
        BattleRow battle = rows().fresh(event.battleId(), version);
        Side side = battle == null ? null : battle.of(event.learnerId());
        if (side != null) {
            side.submissions--;
            side.submitting--;
        }
        changed(event.battleId(), version);
    }

    @EventHandler
    void on(BattleSubmissionJudged event, @SequenceNumber long version) {
        BattleRow battle = rows().fresh(event.battleId(), version);
        Side side = battle == null ? null : battle.of(event.learnerId());
        if (side != null) {
            side.submitting--;
            if (event.passed() > side.best) {
                side.bestSubmission = event.submissionId();
                side.best = event.passed();
            }
        }
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
        jdbc.update("TRUNCATE battle, battle_history, battle_rating, battle_lobby");
    }

    /** This batch's rows (see {@link BattleRows}). */
    private BattleRows rows() {
        return Batch.changes(this, events -> BattleRows.load(jdbc, events));
    }

    /**
     * A new battle (requested or matched): its row unless it has one, and both players' lobby rows show it
     * (a match or a challenge takes both out of the queue: the seats' claim deleted their queue rows).
     */
    private void opened(BattleRow battle) {
        BattleRows rows = rows();
        rows.create(battle);
        for (String player : battle.players()) {
            LobbyRow lobby = rows.lobby(player);
            lobby.queuedSince = null;
            lobby.battleId = battle.battleId;
            lobby.battleStatus = battle.status;
            lobby.challenger = player.equals(battle.learnerA);
            lobby.opponentId = player.equals(battle.learnerA) ? battle.learnerB : battle.learnerA;
        }
        changed(battle.battleId, battle.version);
    }

    private void ended(String battleId, String status, String winnerId, String reason, Instant at, long version) {
        BattleRows rows = rows();
        BattleRow battle = rows.fresh(battleId, version);
        if (battle != null) {
            battle.status = status;
            battle.winnerId = winnerId;
            battle.endReason = reason;
            battle.endedAt = at;
            battle.a.submitting = 0;
            battle.b.submitting = 0;
        }
        BattleRow known = rows.battle(battleId);
        if (known != null) {
            rows.lobbiesShowing(known, lobby -> {
                lobby.battleId = null;
                lobby.battleStatus = null;
                lobby.challenger = false;
                lobby.opponentId = null;
            });
        }
        changed(battleId, version);
    }

    /** Elo: each player's expected score from the ratings before, K = 32; {@code score} is the first player's. */
    private void rate(String battleId, String first, String second, double score, String firstOutcome,
                      String secondOutcome, Instant at) {
        BattleRows rows = rows();
        BattleRow battle = rows.battle(battleId);
        String challengeId = battle == null ? "" : battle.challengeId;
        int r1 = rows.rating(first, INITIAL_RATING);
        int r2 = rows.rating(second, INITIAL_RATING);
        double expected = 1 / (1 + Math.pow(10, (r2 - r1) / 400.0));
        int change = (int) Math.round(K * (score - expected));
        if (!rows.history(new HistoryRow(first, battleId, second, challengeId, firstOutcome, r1 + change, change, at))) {
            return; // already counted
        }
        rows.history(new HistoryRow(second, battleId, first, challengeId, secondOutcome, r2 - change, -change, at));
        rows.rated(first, r1 + change, score == 1.0);
        rows.rated(second, r2 - change, false);
    }

    /** A battle that never started: in both histories, no rating change. */
    private void unrated(String battleId, String outcome, Instant at) {
        BattleRows rows = rows();
        BattleRow battle = rows.battle(battleId);
        if (battle == null) {
            return;
        }
        rows.history(new HistoryRow(battle.learnerA, battleId, battle.learnerB, battle.challengeId, outcome,
                rows.rating(battle.learnerA, INITIAL_RATING), 0, at));
        rows.history(new HistoryRow(battle.learnerB, battleId, battle.learnerA, battle.challengeId, outcome,
                rows.rating(battle.learnerB, INITIAL_RATING), 0, at));
    }

    private void changed(String battleId, long version) {
        push.reached(new FindBattleVersion(battleId), version);
    }
}
