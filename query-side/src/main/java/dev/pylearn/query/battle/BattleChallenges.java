package dev.pylearn.query.battle;

import dev.pylearn.api.names.CacheNames;
import dev.pylearn.query.cache.CachedReads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which challenge a new battle is fought on. Unsolved by both players first; then the difficulty
 * nearest the one their mean level calls for (easy below level 4, medium below 8, then hard; level 1
 * for a learner without a dashboard row yet); then at random among those equally good, so battles
 * vary.
 */
@Component
class BattleChallenges {

    /** A challenge a battle may be fought on, with its difficulty as a rank: 1 easy, 2 medium, 3 hard. */
    record Candidate(String challengeId, int rank) {
    }

    /** What the choice needs of one player. */
    record Player(int level, List<String> solved) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CachedReads cached;

    BattleChallenges(JdbcClient jdbc, JsonMapper json, CachedReads cached) {
        this.jdbc = jdbc;
        this.json = json;
        this.cached = cached;
    }

    /** The catalog's challenges in catalog order, cached with the catalog (cleared when it changes). */
    List<Candidate> candidates() {
        String candidates = cached.catalog(CacheNames.BATTLE_CHALLENGES, () -> json.writeValueAsString(jdbc.sql("""
                        SELECT challenge_id, CASE difficulty WHEN 'easy' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END
                        FROM catalog_challenge ORDER BY position""")
                .query((rs, n) -> new Candidate(rs.getString(1), rs.getInt(2)))
                .list()));
        return List.of(json.readValue(candidates, Candidate[].class));
    }

    /** The challenge for players {@code a} and {@code b} (null: no dashboard row yet), or null: none in the catalog. */
    static String choose(List<Candidate> candidates, Player a, Player b) {
        Set<String> solved = new HashSet<>();
        int levels = 0;
        int known = 0;
        for (Player player : new Player[] {a, b}) {
            if (player != null) {
                solved.addAll(player.solved());
                levels += player.level();
                known++;
            }
        }
        double level = known == 0 ? 1 : (double) levels / known;
        int wanted = level < 4 ? 1 : level < 8 ? 2 : 3;
        List<Candidate> best = new ArrayList<>();
        int bestScore = Integer.MAX_VALUE;
        for (Candidate candidate : candidates) {
            // unsolved before solved, whatever the difficulty; then the nearest difficulty
            int score = (solved.contains(candidate.challengeId()) ? 10 : 0) + Math.abs(candidate.rank() - wanted);
            if (score < bestScore) {
                best.clear();
                bestScore = score;
            }
            if (score == bestScore) {
                best.add(candidate);
            }
        }
        return best.isEmpty() ? null : best.get(ThreadLocalRandom.current().nextInt(best.size())).challengeId();
    }
}
