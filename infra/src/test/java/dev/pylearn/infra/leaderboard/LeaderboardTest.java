package dev.pylearn.infra.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.leaderboard.LeaderboardKeys;
import dev.pylearn.infra.PyLearnApplication;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import dev.pylearn.infra.support.TestServices;
import dev.pylearn.projections.leaderboard.RedisLeaderboards;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

class LeaderboardTest extends PlatformTest {

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RedisLeaderboards redisLeaderboards;

    @Test
    void boardsAndRanksFollowXp() {
        String admin = adminToken();
        Learner gold = award(admin, 900);
        Learner silver = award(admin, 600);
        Learner bronze = award(admin, 300);
        long goldXp = xpOf(gold);
        long silverXp = xpOf(silver);
        long bronzeXp = xpOf(bronze);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode current = api.get("/api/leaderboards/global?limit=100", gold.token()).json();
            assertThat(ids(current)).containsSubsequence(gold.learnerId(), silver.learnerId(), bronze.learnerId());
            assertThat(entry(current, bronze.learnerId()).get("xp").asLong()).isEqualTo(bronzeXp);
            assertThat(entry(current, gold.learnerId()).get("xp").asLong()).isEqualTo(goldXp);
        });
        JsonNode board = api.get("/api/leaderboards/global?limit=100", gold.token()).json();
        JsonNode goldEntry = entry(board, gold.learnerId());
        assertThat(goldEntry.get("xp").asLong()).isEqualTo(goldXp);
        assertThat(goldEntry.get("displayName").asString()).isEqualTo("Test " + gold.username());
        assertThat(goldEntry.get("level").asInt()).isPositive();

        JsonNode rank = api.get("/api/me/rank", silver.token()).json();
        assertThat(rank.get("global").get("xp").asLong()).isEqualTo(silverXp);
        assertThat(rank.get("global").get("rank").asLong()).isEqualTo(entry(board, silver.learnerId()).get("rank")
                .asLong());
        assertThat(rank.get("weekly").get("week").asString()).isEqualTo(IsoWeek.of(Instant.now()).value());
        assertThat(rank.get("weekly").get("xp").asLong()).isEqualTo(silverXp);

        JsonNode weekly = api.get("/api/leaderboards/weekly?limit=100", bronze.token()).json();
        assertThat(weekly.get("week").asString()).isEqualTo(IsoWeek.of(Instant.now()).value());
        assertThat(entry(weekly, bronze.learnerId()).get("xp").asLong()).isEqualTo(bronzeXp);
        assertThat(api.get("/api/leaderboards/weekly?week=2020-W01", bronze.token()).json().get("entries").size())
                .isZero();
        assertProblem(api.get("/api/leaderboards/weekly?week=2026-W99", bronze.token()), 400, "invalid-week");
        assertProblem(api.get("/api/leaderboards/global?limit=0", bronze.token()), 400, "invalid-limit");
    }

    @Test
    void lostRedisSetsAreMadeWholeFromPostgres() {
        Learner learner = award(adminToken(), 120);
        LeaderboardKeys keys = new LeaderboardKeys(TestServices.redisKeyPrefix());
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.opsForZSet().score(keys.global(),
                learner.learnerId()) != null);
        // Redis restarted without persistence: the sets are gone
        redis.delete(List.of(keys.global(), keys.weekly(IsoWeek.of(Instant.now()))));
        redisLeaderboards.repairIfNeeded();
        long rows = jdbc.sql("SELECT count(*) FROM leaderboard_global").query(Long.class).single();
        assertThat(redis.opsForZSet().zCard(keys.global())).isEqualTo(rows);
        assertThat(redis.opsForZSet().score(keys.global(), learner.learnerId())).isEqualTo((double) xpOf(learner));
    }

    @Test
    void withRedisDownEveryBoardStillAnswersFromPostgres() {
        Learner learner = award(adminToken(), 250);
        // the award may unlock achievements whose XP rewards land a moment later: wait until the
        // profile holds the award plus every reward and the board has caught up with it
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            long total = xpOf(learner);
            return total == 250 + achievementXp(learner.token()) && jdbc.sql("SELECT xp FROM leaderboard_global WHERE "
                    + "learner_id = ?").param(learner.learnerId()).query(Long.class).optional().orElse(-1L) == total;
        });
        long xp = xpOf(learner);
        TestServices.Database db = TestServices.database();
        // a second node whose Redis is unreachable (nothing listens on port 1)
        try (ConfigurableApplicationContext node = SpringApplication.run(PyLearnApplication.class,
                "--server.port=0", "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--pylearn.redis.url=redis://127.0.0.1:1", "--spring.data.redis.url=redis://127.0.0.1:1",
                "--pylearn.admin.password=" + ADMIN_PASSWORD, "--axoniq.update-checker.disabled=true")) {
            Api other = new Api(((WebServerApplicationContext) node).getWebServer().getPort());
            Api.Response board = other.get("/api/leaderboards/global?limit=100", learner.token());
            assertThat(board.status()).as(board.text()).isEqualTo(200);
            assertThat(entry(board.json(), learner.learnerId()).get("xp").asLong()).isEqualTo(xp);
            Api.Response rank = other.get("/api/me/rank", learner.token());
            assertThat(rank.status()).as(rank.text()).isEqualTo(200);
            assertThat(rank.json().get("global").get("xp").asLong()).isEqualTo(xp);
            assertThat(rank.json().get("global").get("rank").asLong()).isPositive();
            assertThat(other.get("/api/leaderboards/weekly", learner.token()).status()).isEqualTo(200);
            assertThat(other.get("/api/tracks", null).status()).isEqualTo(200);
            assertThat(other.get("/api/me/dashboard", learner.token()).status()).isEqualTo(200);
        }
    }

    private Learner award(String admin, int amount) {
        Learner learner = register();
        assertThat(api.post("/api/admin/learners/" + learner.learnerId() + "/xp", admin,
                Map.of("amount", amount, "reason", "leaderboard test")).status()).isEqualTo(200);
        return learner;
    }

    private long xpOf(Learner learner) {
        return api.get("/api/me", learner.token()).json().get("xp").asLong();
    }

    private static List<String> ids(JsonNode board) {
        return board.get("entries").valueStream().map(e -> e.get("learnerId").asString()).toList();
    }

    private static JsonNode entry(JsonNode board, String learnerId) {
        return board.get("entries").valueStream().filter(e -> e.get("learnerId").asString().equals(learnerId))
                .findFirst().orElseThrow(() -> new AssertionError(learnerId + " not on " + board));
    }
}
