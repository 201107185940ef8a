package dev.pylearn.query.leaderboard;

import dev.pylearn.api.leaderboard.FindLeaderboard;
import dev.pylearn.api.leaderboard.FindMyRank;
import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.leaderboard.LeaderboardKeys;
import dev.pylearn.api.leaderboard.LeaderboardView;
import dev.pylearn.api.leaderboard.RankView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.pylearn.query.cache.CachedReads;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Leaderboards and ranks. The all-time board and the current week come from Redis sorted sets
 * (top-N and a learner's rank in O(log n)), names and levels from one PostgreSQL statement. When
 * Redis is not configured or does not answer, and for past weeks, everything comes from the
 * PostgreSQL tables the sets are built from, through their (xp, learner id) indexes: the answer is
 * the same, only slower.
 */
@Component
class LeaderboardQueries {

    private static final Logger log = LoggerFactory.getLogger(LeaderboardQueries.class);

    private final JdbcClient jdbc;
    private final StringRedisTemplate redis;
    private final LeaderboardKeys keys;
    private final Clock clock;

    /** A learner's rank and score on the all-time board (KEYS[1]) and a week's (KEYS[2]). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final RedisScript<List<Object>> RANK = (RedisScript) RedisScript.of("""
            local answers = {}
            for i, key in ipairs(KEYS) do
                answers[2 * i - 1] = redis.call('ZREVRANK', key, ARGV[1]) or -1
                answers[2 * i] = redis.call('ZSCORE', key, ARGV[1]) or ''
            end
            return answers""", List.class);

    private final CachedReads cached;
    private final JsonMapper json;

    LeaderboardQueries(JdbcClient jdbc, ObjectProvider<StringRedisTemplate> redis, Clock clock, CachedReads cached,
                       JsonMapper json, @Value("${pylearn.redis.url:}") String redisUrl,
                       @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix) {
        this.cached = cached;
        this.json = json;
        this.jdbc = jdbc;
        this.redis = redisUrl.isBlank() ? null : redis.getIfAvailable();
        this.keys = new LeaderboardKeys(prefix);
        this.clock = clock;
    }

    /**
     * The all-time board and the current week straight from their sorted sets, never cached: they
     * change with almost every XP award, so a cached copy was cleared about as often as it was read
     * and mostly sent readers to PostgreSQL (and cost a cache clear per projection batch to keep).
     * Past weeks, and every board when Redis is away, come from PostgreSQL through the cache.
     */
    @QueryHandler
    LeaderboardView handle(FindLeaderboard query) {
        if (servedByRedis(query.week())) {
            try {
                return fromSortedSet(query);
            } catch (RuntimeException e) {
                log.debug("Redis did not answer; leaderboard from PostgreSQL: {}", e.getMessage());
            }
        }
        String key = "board:" + (query.week() == null ? "all" : query.week().value()) + ":" + query.limit();
        return json.readValue(cached.leaderboard(key, () -> json.writeValueAsString(load(query))),
                LeaderboardView.class);
    }

    /** Top N in O(log n + N) from Redis, names and levels in one indexed statement. */
    private LeaderboardView fromSortedSet(FindLeaderboard query) {
        Set<ZSetOperations.TypedTuple<String>> top = redis.opsForZSet()
                .reverseRangeWithScores(key(query.week()), 0, query.limit() - 1);
        return new LeaderboardView(query.week() == null ? "global" : "weekly",
                query.week() == null ? null : query.week().value(),
                withNames(top == null ? List.of() : new ArrayList<>(top)));
    }

    private LeaderboardView load(FindLeaderboard query) {
        String board = query.week() == null ? "global" : "weekly";
        String week = query.week() == null ? null : query.week().value();
        String table = query.week() == null ? "leaderboard_global b" : "leaderboard_weekly b";
        String where = query.week() == null ? "" : "WHERE b.week = :week ";
        var statement = jdbc.sql("SELECT b.learner_id, d.display_name, d.level, b.xp FROM " + table
                        + " JOIN learner_dashboard d ON d.learner_id = b.learner_id " + where
                        + "ORDER BY b.xp DESC, b.learner_id DESC LIMIT :limit")
                .param("limit", query.limit());
        if (query.week() != null) {
            statement = statement.param("week", week);
        }
        List<LeaderboardView.Entry> entries = new ArrayList<>();
        statement.query(rs -> {
            entries.add(new LeaderboardView.Entry(entries.size() + 1, rs.getString(1), rs.getString(2), rs.getInt(3),
                    rs.getLong(4)));
        });
        return new LeaderboardView(board, week, entries);
    }

    @QueryHandler
    RankView handle(FindMyRank query) {
        if (servedByRedis(null) && servedByRedis(query.week())) {
            try {
                // the four lookups in one round trip, on the shared connection (a pipeline would open a
                // connection of its own: a flight recording of the load test found the leaderboard page
                // waiting for Redis connections to be set up)
                List<Object> answers = redis.execute(RANK, List.of(keys.global(), keys.weekly(query.week())),
                        query.learnerId());
                Long globalRank = rank(answers.get(0));
                Double globalXp = score(answers.get(1));
                Long weeklyRank = rank(answers.get(2));
                Double weeklyXp = score(answers.get(3));
                if (globalRank != null) {
                    return new RankView(new RankView.Standing(globalRank + 1, globalXp.longValue()),
                            new RankView.WeeklyStanding(query.week().value(), weeklyRank == null ? null : weeklyRank + 1,
                                    weeklyXp == null ? 0 : weeklyXp.longValue()));
                }
            } catch (RuntimeException e) {
                log.debug("Redis did not answer; rank from PostgreSQL: {}", e.getMessage());
            }
        }
        return jdbc.sql("""
                        SELECT g.xp,
                               (SELECT count(*) FROM leaderboard_global o
                                WHERE o.xp > g.xp OR (o.xp = g.xp AND o.learner_id > g.learner_id)) + 1 AS global_rank,
                               w.xp AS weekly_xp,
                               CASE WHEN w.learner_id IS NULL THEN NULL ELSE
                                   (SELECT count(*) FROM leaderboard_weekly o WHERE o.week = w.week
                                    AND (o.xp > w.xp OR (o.xp = w.xp AND o.learner_id > w.learner_id))) + 1 END
                                   AS weekly_rank
                        FROM leaderboard_global g
                        LEFT JOIN leaderboard_weekly w ON w.learner_id = g.learner_id AND w.week = ?
                        WHERE g.learner_id = ?""")
                .params(query.week().value(), query.learnerId())
                .query((rs, n) -> new RankView(new RankView.Standing(rs.getLong("global_rank"), rs.getLong("xp")),
                        new RankView.WeeklyStanding(query.week().value(), (Long) rs.getObject("weekly_rank"),
                                rs.getLong("weekly_xp"))))
                .optional()
                .orElse(new RankView(new RankView.Standing(null, 0),
                        new RankView.WeeklyStanding(query.week().value(), null, 0)));
    }

    /** Redis holds the all-time board and the current week; older weeks live only in PostgreSQL. */
    private boolean servedByRedis(IsoWeek week) {
        return redis != null && (week == null || week.equals(IsoWeek.of(clock.instant())));
    }

    /** ZREVRANK -1 and ZSCORE "" for a learner not on the board: a Lua reply cannot hold nil in a list. */
    private static Long rank(Object answer) {
        long rank = ((Number) answer).longValue();
        return rank < 0 ? null : rank;
    }

    private static Double score(Object answer) {
        String score = answer instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : answer.toString();
        return score.isEmpty() ? null : Double.valueOf(score);
    }

    private String key(IsoWeek week) {
        return week == null ? keys.global() : keys.weekly(week);
    }

    private List<LeaderboardView.Entry> withNames(List<ZSetOperations.TypedTuple<String>> top) {
        if (top.isEmpty()) {
            return List.of();
        }
        String[] ids = top.stream().map(ZSetOperations.TypedTuple::getValue).toArray(String[]::new);
        Map<String, Object[]> names = new HashMap<>();
        jdbc.sql("SELECT learner_id, display_name, level FROM learner_dashboard WHERE learner_id = ANY (?)")
                .param(ids)
                .query(rs -> {
                    names.put(rs.getString(1), new Object[] {rs.getString(2), rs.getInt(3)});
                });
        List<LeaderboardView.Entry> entries = new ArrayList<>();
        for (ZSetOperations.TypedTuple<String> entry : top) {
            Object[] name = names.getOrDefault(entry.getValue(), new Object[] {"", 1});
            entries.add(new LeaderboardView.Entry(entries.size() + 1, entry.getValue(), (String) name[0],
                    (Integer) name[1], entry.getScore() == null ? 0 : entry.getScore().longValue()));
        }
        return entries;
    }
}
