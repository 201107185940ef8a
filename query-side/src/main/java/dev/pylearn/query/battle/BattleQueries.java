package dev.pylearn.query.battle;

import dev.pylearn.api.battle.BattleHistoryView;
import dev.pylearn.api.battle.BattleRatingView;
import dev.pylearn.api.battle.BattleView;
import dev.pylearn.api.battle.CurrentBattleView;
import dev.pylearn.api.battle.FindBattle;
import dev.pylearn.api.battle.FindBattleChallenge;
import dev.pylearn.api.battle.FindBattleChallenges;
import dev.pylearn.api.battle.FindBattleLeaderboard;
import dev.pylearn.api.battle.FindBattleQueueVersion;
import dev.pylearn.api.battle.FindBattleVersion;
import dev.pylearn.api.battle.FindCurrentBattle;
import dev.pylearn.api.battle.FindMyBattles;
import dev.pylearn.api.Rejection;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Battle reads, each one statement (the challenge for new battles: see {@link BattleChallenges}): a battle by key (with its challenge, both names and, once it
 * has ended, both codes), a learner's lobby (queue and open battle) by key, a history page by
 * index range after a keyset cursor, the leaderboard by the rating index.
 */
@Component
class BattleQueries {

    static final int MAX_PAGE = 50;

    private final JdbcClient jdbc;
    private final BattleChallenges challenges;

    BattleQueries(JdbcClient jdbc, BattleChallenges challenges) {
        this.jdbc = jdbc;
        this.challenges = challenges;
    }

    @QueryHandler
    BattleView handle(FindBattle query) {
        return jdbc.sql("""
                        SELECT b.*, c.title, c.difficulty, c.statement_html, c.starter_code,
                               da.display_name AS a_name, db.display_name AS b_name,
                               CASE WHEN b.ended_at IS NOT NULL OR b.learner_a = :viewer THEN sa.code END AS a_code,
                               CASE WHEN b.ended_at IS NOT NULL OR b.learner_b = :viewer THEN sb.code END AS b_code
                        FROM battle b
                        LEFT JOIN catalog_challenge c ON c.challenge_id = b.challenge_id
                        LEFT JOIN learner_dashboard da ON da.learner_id = b.learner_a
                        LEFT JOIN learner_dashboard db ON db.learner_id = b.learner_b
                        LEFT JOIN submission sa ON sa.submission_id = COALESCE(b.a_best_submission, b.a_last_submission)
                        LEFT JOIN submission sb ON sb.submission_id = COALESCE(b.b_best_submission, b.b_last_submission)
                        WHERE b.battle_id = :id AND :viewer IN (b.learner_a, b.learner_b)""")
                .param("id", query.battleId())
                .param("viewer", query.viewerId())
                .query((rs, n) -> view(rs, query.viewerId()))
                .optional()
                .orElse(null);
    }

    @QueryHandler
    Long handle(FindBattleVersion query) {
        return jdbc.sql("SELECT version FROM battle WHERE battle_id = ?").param(query.battleId())
                .query(Long.class).optional().orElse(-1L);
    }

    /** The lobby's read model by key (with the opponent's name); a learner it has never seen has no row. */
    @QueryHandler
    CurrentBattleView handle(FindCurrentBattle query) {
        return jdbc.sql("""
                        SELECT l.battle_id, l.battle_status, COALESCE(l.challenger, FALSE) AS challenger,
                               d.display_name, l.queued_since
                        FROM (SELECT 1) one
                        LEFT JOIN battle_lobby l ON l.learner_id = :me
                        LEFT JOIN learner_dashboard d ON d.learner_id = l.opponent_id""")
                .param("me", query.learnerId())
                .query((rs, n) -> new CurrentBattleView(rs.getString("battle_id"), rs.getString("battle_status"),
                        rs.getBoolean("challenger"), rs.getString("display_name"), instant(rs, "queued_since")))
                .single();
    }

    @QueryHandler
    Long handle(FindBattleQueueVersion query) {
        return jdbc.sql("SELECT queue_version FROM battle_lobby WHERE learner_id = ?").param(query.learnerId())
                .query(Long.class).optional().orElse(-1L);
    }

    @QueryHandler
    BattleHistoryView handle(FindMyBattles query) {
        int limit = Math.max(1, Math.min(MAX_PAGE, query.limit()));
        Instant afterTime = null;
        String afterId = null;
        if (query.cursor() != null && !query.cursor().isBlank()) {
            int bar = query.cursor().indexOf('_');
            try {
                afterTime = Instant.parse(query.cursor().substring(0, bar));
                afterId = query.cursor().substring(bar + 1);
            } catch (RuntimeException e) {
                throw Rejection.invalid("invalid-cursor", "The cursor is not one this API gave out; start without one.");
            }
        }
        List<BattleHistoryView.Entry> rows = jdbc.sql("""
                        SELECT h.battle_id, h.opponent_id, d.display_name, h.challenge_id, c.title, h.outcome,
                               h.rating_after, h.rating_change, h.ended_at
                        FROM battle_history h
                        LEFT JOIN learner_dashboard d ON d.learner_id = h.opponent_id
                        LEFT JOIN catalog_challenge c ON c.challenge_id = h.challenge_id
                        WHERE h.learner_id = :me
                          AND (CAST(:afterTime AS TIMESTAMPTZ) IS NULL
                               OR (h.ended_at, h.battle_id) < (CAST(:afterTime AS TIMESTAMPTZ), CAST(:afterId AS VARCHAR)))
                        ORDER BY h.ended_at DESC, h.battle_id DESC
                        LIMIT :limit""")
                .param("me", query.learnerId())
                .param("afterTime", afterTime == null ? null : Timestamp.from(afterTime))
                .param("afterId", afterId)
                .param("limit", limit + 1)
                .query((rs, n) -> new BattleHistoryView.Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8),
                        instant(rs, "ended_at")))
                .list();
        if (rows.size() <= limit) {
            return new BattleHistoryView(rows, null);
        }
        List<BattleHistoryView.Entry> page = rows.subList(0, limit);
        BattleHistoryView.Entry last = page.get(limit - 1);
        return new BattleHistoryView(List.copyOf(page), last.endedAt() + "_" + last.battleId());
    }

    @QueryHandler
    List<BattleRatingView> handle(FindBattleLeaderboard query) {
        return jdbc.sql("""
                        SELECT r.learner_id, d.display_name, r.rating, r.battles, r.wins
                        FROM battle_rating r LEFT JOIN learner_dashboard d ON d.learner_id = r.learner_id
                        ORDER BY r.rating DESC, r.learner_id LIMIT ?""")
                .param(Math.max(1, Math.min(100, query.limit())))
                .query((rs, n) -> new BattleRatingView(n + 1, rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getInt(4), rs.getInt(5)))
                .list();
    }

    /**
     * Unsolved by both first, then the difficulty nearest the one their mean level calls for (easy
     * below level 4, medium below 8, then hard), then at random, so battles vary.
     */
    @QueryHandler
    String handle(FindBattleChallenge query) {
        return handle(new FindBattleChallenges(List.of(query))).get(0);
    }

    /**
     * Each pair's challenge as {@link #handle(FindBattleChallenge)} chooses it: both players' rows in one
     * statement, the choice here against the catalog's challenges (cached with the catalog). Until
     * 2026-11-29 the choice was one SQL statement that sorted the catalog once per pair; for a burst of
     * 100 pairs it took 166 ms of the matchmaking batch's ~370 ms (MatchmakingBenchmark), time every
     * join of the batch waited for.
     */
    @QueryHandler
    List<String> handle(FindBattleChallenges query) {
        if (query.pairs().isEmpty()) {
            return List.of();
        }
        List<BattleChallenges.Candidate> candidates = challenges.candidates();
        Map<String, BattleChallenges.Player> players = new HashMap<>();
        jdbc.sql("SELECT learner_id, level, solved_challenges FROM learner_dashboard "
                        + "WHERE learner_id = ANY (CAST(? AS VARCHAR[]))")
                .param(query.pairs().stream().flatMap(pair -> Stream.of(pair.learnerA(), pair.learnerB()))
                        .distinct().toArray(String[]::new))
                .query(rs -> {
                    Array solved = rs.getArray("solved_challenges");
                    players.put(rs.getString("learner_id"), new BattleChallenges.Player(rs.getInt("level"),
                            solved == null ? List.of() : Arrays.asList((String[]) solved.getArray())));
                });
        List<String> chosen = new ArrayList<>(query.pairs().size());
        for (FindBattleChallenge pair : query.pairs()) {
            chosen.add(BattleChallenges.choose(candidates, players.get(pair.learnerA()), players.get(pair.learnerB())));
        }
        return chosen;
    }

    private static BattleView view(ResultSet rs, String viewer) throws SQLException {
        boolean viewerIsA = rs.getString("learner_a").equals(viewer);
        BattleView.PlayerView a = new BattleView.PlayerView(rs.getString("learner_a"), rs.getString("a_name"), true,
                rs.getInt("a_submissions"), rs.getInt("a_submitting"), rs.getInt("a_best"), rs.getString("a_code"));
        BattleView.PlayerView b = new BattleView.PlayerView(rs.getString("learner_b"), rs.getString("b_name"),
                rs.getBoolean("b_joined"), rs.getInt("b_submissions"), rs.getInt("b_submitting"), rs.getInt("b_best"),
                rs.getString("b_code"));
        return new BattleView(rs.getString("battle_id"), rs.getString("status"), rs.getString("challenge_id"),
                rs.getString("title"), rs.getString("difficulty"), rs.getString("statement_html"),
                rs.getString("starter_code"), rs.getInt("total_tests"), viewerIsA, viewerIsA ? a : b,
                viewerIsA ? b : a, rs.getString("winner_id"), rs.getString("end_reason"), instant(rs, "requested_at"),
                instant(rs, "accept_by"), instant(rs, "started_at"), instant(rs, "ends_at"), instant(rs, "ended_at"),
                rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
