package dev.pylearn.infra.battle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.infra.support.Api;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Battles over HTTP against the real PostgreSQL, Redis, worker and sandbox: matchmaking (also 200
 * learners joining at once), challenge, accept and decline, a win, a draw at the (short, 90 s in
 * tests) time limit, a forfeit, an expired challenge (6 s in tests), a replay of the projection,
 * and every bad input the issue names, each a problem that changes nothing.
 */
class BattleFlowTest extends BattlePlatformTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CatalogImporter catalog;

    @Test
    void matchmakingPairsTwoWaitingLearnersOnOneChallenge() {
        Learner ann = register();
        Learner bob = register();
        Api.Response waiting = api.post("/api/battles/queue", ann.token(), Map.of());
        assertThat(waiting.status()).as(waiting.text()).isEqualTo(202);
        assertThat(waiting.json().get("status").asString()).isEqualTo("waiting");
        assertThat(api.get("/api/battles/current", ann.token()).json().get("queuedSince").isNull()).isFalse();
        assertProblem(api.post("/api/battles/queue", ann.token(), Map.of()), 409, "already-queued");

        String battleId = pairWithWaiting(bob, ann);
        JsonNode forAnn = battle(battleId, ann);
        JsonNode forBob = battle(battleId, bob);
        assertThat(forAnn.get("status").asString()).isEqualTo("active");
        assertThat(forAnn.get("challengeId").asString()).isEqualTo(forBob.get("challengeId").asString());
        assertThat(forAnn.get("opponent").get("learnerId").asString()).isEqualTo(bob.learnerId());
        assertThat(forBob.get("opponent").get("learnerId").asString()).isEqualTo(ann.learnerId());
        assertThat(forAnn.get("opponent").get("joined").asBoolean()).isTrue();
        assertThat(api.get("/api/battles/current", ann.token()).json().get("battleId").asString()).isEqualTo(battleId);
        assertThat(api.get("/api/battles/current", ann.token()).json().get("queuedSince").isNull()).isTrue();

        // in a battle: no second one, from the queue or a challenge
        assertProblem(api.post("/api/battles/queue", ann.token(), Map.of()), 409, "already-in-battle");
        Learner carol = register();
        assertProblem(api.post("/api/battles", carol.token(), Map.of("opponent", ann.username())), 409, "opponent-busy");
        forfeit(battleId, ann);
    }

    @Test
    void aLearnerLeavesTheQueueOnceAndNobodyElseCanSeeTheirBattle() {
        Learner ann = register();
        assertThat(api.post("/api/battles/queue", ann.token(), Map.of()).status()).isEqualTo(202);
        assertThat(api.delete("/api/battles/queue", ann.token()).status()).isEqualTo(204);
        assertProblem(api.delete("/api/battles/queue", ann.token()), 404, "not-queued");
        assertThat(api.get("/api/battles/current", ann.token()).json().get("queuedSince").isNull()).isTrue();

        Learner bob = register();
        String battleId = challengeAndAccept(ann, bob);
        Learner carol = register();
        assertProblem(api.get("/api/battles/" + battleId, carol.token()), 404, "unknown-battle");
        assertProblem(api.get("/api/battles/" + battleId + "/stream", carol.token()), 404, "unknown-battle");
        forfeit(battleId, bob);
    }

    @Test
    void aChallengeIsAcceptedOnceByTheChallengedOnly() {
        Learner ann = register();
        Learner bob = register();
        Api.Response requested = api.post("/api/battles", ann.token(), Map.of("opponent", bob.username()));
        assertThat(requested.status()).as(requested.text()).isEqualTo(201);
        String battleId = requested.json().get("battleId").asString();
        JsonNode pending = battle(battleId, bob);
        assertThat(pending.get("status").asString()).isEqualTo("requested");
        assertThat(pending.get("you").get("joined").asBoolean()).isFalse();
        assertThat(api.get("/api/battles/current", bob.token()).json().get("status").asString()).isEqualTo("requested");
        assertProblem(api.post("/api/battles/" + battleId + "/submissions", ann.token(), Map.of("code", "x = 1")),
                409, "battle-not-started");

        assertProblem(api.post("/api/battles/" + battleId + "/accept", ann.token(), Map.of()), 403, "not-challenged");
        Api.Response accepted = api.post("/api/battles/" + battleId + "/accept", bob.token(), Map.of());
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        JsonNode active = battle(battleId, ann);
        assertThat(active.get("status").asString()).isEqualTo("active");
        assertThat(active.get("opponent").get("joined").asBoolean()).isTrue();
        assertProblem(api.post("/api/battles/" + battleId + "/accept", bob.token(), Map.of()), 409,
                "battle-already-accepted");
        assertThat(battle(battleId, ann).get("version").asLong()).isEqualTo(active.get("version").asLong());
        forfeit(battleId, ann);
    }

    @Test
    void aDeclinedChallengeEndsAndFreesBothLearners() {
        Learner ann = register();
        Learner bob = register();
        String battleId = api.post("/api/battles", ann.token(), Map.of("opponent", bob.username())).json()
                .get("battleId").asString();
        Api.Response declined = api.post("/api/battles/" + battleId + "/decline", bob.token(), Map.of());
        assertThat(declined.status()).as(declined.text()).isEqualTo(200);
        assertThat(battle(battleId, ann).get("status").asString()).isEqualTo("declined");
        assertProblem(api.post("/api/battles/" + battleId + "/accept", bob.token(), Map.of()), 409, "battle-not-pending");
        await().atMost(Duration.ofSeconds(10)).until(() -> history(ann).size() == 1);
        assertThat(history(ann).get(0).get("outcome").asString()).isEqualTo("declined");
        // both free again
        String again = challengeAndAccept(bob, ann);
        forfeit(again, ann);
    }

    @Test
    void everyBadInputIsAProblemThatChangesNothing() {
        Learner ann = register();
        Learner bob = register();
        assertProblem(api.post("/api/battles", ann.token(), Map.of("opponent", ann.username())), 400,
                "cannot-battle-yourself");
        assertProblem(api.post("/api/battles", ann.token(), Map.of("opponent", "nobody-" + UUID.randomUUID())), 404,
                "unknown-opponent");
        assertProblem(api.post("/api/battles", ann.token(), Map.of()), 400, "missing-opponent");
        assertProblem(api.post("/api/battles/" + UUID.randomUUID() + "/accept", ann.token(), Map.of()), 404,
                "unknown-battle");
        assertProblem(api.post("/api/battles/" + UUID.randomUUID() + "/submissions", ann.token(), Map.of("code", "x")),
                404, "unknown-battle");
        assertThat(api.get("/api/battles/current", ann.token()).json().get("battleId").isNull()).isTrue();

        String battleId = challengeAndAccept(ann, bob);
        Learner carol = register();
        assertProblem(api.post("/api/battles/" + battleId + "/submissions", carol.token(), Map.of("code", "x = 1")),
                403, "not-in-battle");
        assertProblem(api.post("/api/battles/" + battleId + "/forfeit", carol.token(), Map.of()), 403, "not-in-battle");
        assertProblem(api.post("/api/battles/" + battleId + "/submissions", ann.token(), Map.of()), 400, "missing-code");
        assertProblem(api.post("/api/battles", carol.token(), Map.of("opponent", bob.username())), 409, "opponent-busy");
        assertProblem(api.post("/api/battles", ann.token(), Map.of("opponent", carol.username())), 409,
                "already-in-battle");
        assertThat(battle(battleId, ann).get("you").get("submissions").asInt()).isZero();
        forfeit(battleId, ann);
        assertProblem(api.post("/api/battles/" + battleId + "/forfeit", bob.token(), Map.of()), 409, "battle-ended");
        assertProblem(api.post("/api/battles/" + battleId + "/submissions", bob.token(), Map.of("code", "x = 1")),
                409, "battle-ended");
    }

    @Test
    void theFirstSubmissionPassingEveryTestWinsAndBothSeeItLive() throws Exception {
        Learner ann = register();
        Learner bob = register();
        String battleId = challengeAndAccept(ann, bob);
        JsonNode start = battle(battleId, ann);
        CatalogImporter.ChallengeFile challenge = challenge(start.get("challengeId").asString());
        int total = start.get("totalTests").asInt();
        assertThat(total).isEqualTo(challenge.content().tests().size());

        LinkedBlockingQueue<JsonNode> annSees = stream(battleId, ann);
        LinkedBlockingQueue<JsonNode> bobSees = stream(battleId, bob);
        String wrong = submit(battleId, bob, challenge.wrong().get(0));
        // bob's opponent state, as ann's stream shows it: submitting, then judged, never his code
        JsonNode judged = until(annSees, view -> view.get("opponent").get("submissions").asInt() == 1
                && view.get("opponent").get("submitting").asInt() == 0);
        assertThat(judged.get("opponent").get("bestPassed").asInt()).isLessThan(total);
        assertThat(judged.get("opponent").get("code").isNull()).isTrue();
        assertThat(judged.get("status").asString()).isEqualTo("active");

        String winning = submit(battleId, ann, challenge.solution());
        JsonNode annEnd = until(annSees, view -> !view.get("status").asString().equals("active"));
        JsonNode bobEnd = until(bobSees, view -> !view.get("status").asString().equals("active"));
        for (JsonNode end : List.of(annEnd, bobEnd)) {
            assertThat(end.get("status").asString()).isEqualTo("won");
            assertThat(end.get("winnerId").asString()).isEqualTo(ann.learnerId());
            assertThat(end.get("endReason").asString()).isEqualTo("all-tests-passed");
        }
        // once ended, both codes are shown to both
        assertThat(bobEnd.get("opponent").get("code").asString()).isEqualTo(challenge.solution());
        assertThat(annEnd.get("opponent").get("code").asString()).isEqualTo(challenge.wrong().get(0));
        assertThat(annEnd.get("you").get("bestPassed").asInt()).isEqualTo(total);
        assertThat(wrong).isNotEqualTo(winning);
        assertProblem(api.post("/api/battles/" + battleId + "/submissions", bob.token(), Map.of("code", "x = 1")),
                409, "battle-ended");

        // XP (the win, and the challenge's first pass), battles_won and its achievement, history, rating
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(history(ann)).hasSize(1);
            assertThat(history(bob)).hasSize(1);
            JsonNode achievements = api.get("/api/me/achievements", ann.token()).json();
            assertThat(achievements.toString()).contains("first-victory");
        });
        JsonNode annEntry = history(ann).get(0);
        assertThat(annEntry.get("outcome").asString()).isEqualTo("won");
        assertThat(annEntry.get("ratingAfter").asInt()).isEqualTo(1216);
        assertThat(history(bob).get(0).get("outcome").asString()).isEqualTo("lost");
        assertThat(history(bob).get(0).get("ratingAfter").asInt()).isEqualTo(1184);
        assertThat(xpReasons(ann)).contains("battle:" + battleId);
        assertThat(xpReasons(bob)).contains("battle:" + battleId);
        JsonNode board = api.get("/api/battles/leaderboard?limit=100", ann.token()).json();
        assertThat(board.toString()).contains(ann.learnerId());
    }

    @Test
    void atTheTimeLimitWithNothingPassedItIsADraw() {
        Learner ann = register();
        Learner bob = register();
        String battleId = challengeAndAccept(ann, bob);
        submit(battleId, ann, "def nothing():\n    return None\n");
        await().atMost(Duration.ofSeconds(150)).until(() -> !battle(battleId, ann).get("status").asString()
                .equals("active"));
        JsonNode ended = battle(battleId, bob);
        assertThat(ended.get("status").asString()).isEqualTo("drawn");
        assertThat(ended.get("endReason").asString()).isEqualTo("time-limit");
        assertThat(ended.get("opponent").get("code").asString()).contains("def nothing");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(xpReasons(ann)).contains("battle:" + battleId);
            assertThat(xpReasons(bob)).contains("battle:" + battleId);
        });
        assertThat(history(ann).get(0).get("outcome").asString()).isEqualTo("drawn");
        assertThat(history(ann).get(0).get("ratingChange").asInt()).isZero();
    }

    @Test
    void aForfeitEndsTheBattleForTheOther() {
        Learner ann = register();
        Learner bob = register();
        String battleId = challengeAndAccept(ann, bob);
        forfeit(battleId, bob);
        JsonNode ended = battle(battleId, ann);
        assertThat(ended.get("status").asString()).isEqualTo("forfeited");
        assertThat(ended.get("winnerId").asString()).isEqualTo(ann.learnerId());
        await().atMost(Duration.ofSeconds(15)).until(() -> history(bob).size() == 1);
        assertThat(history(bob).get(0).get("outcome").asString()).isEqualTo("forfeited");
        assertThat(history(ann).get(0).get("outcome").asString()).isEqualTo("won");
    }

    @Test
    void anUnansweredChallengeExpiresAndCannotBeAcceptedAfter() {
        Learner ann = register();
        Learner bob = register();
        String battleId = api.post("/api/battles", ann.token(), Map.of("opponent", bob.username())).json()
                .get("battleId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> battle(battleId, ann).get("status").asString()
                .equals("expired"));
        assertProblem(api.post("/api/battles/" + battleId + "/accept", bob.token(), Map.of()), 409, "battle-expired");
        // the seats are free again
        String again = challengeAndAccept(bob, ann);
        forfeit(again, bob);
    }

    @Test
    void historyIsKeysetPagedNewestFirst() {
        Learner ann = register();
        List<String> battles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String battleId = challengeAndAccept(ann, register());
            forfeit(battleId, ann);
            battles.add(0, battleId);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> history(ann).size() == 3);
        JsonNode first = api.get("/api/me/battles?limit=2", ann.token()).json();
        assertThat(first.get("battles").size()).isEqualTo(2);
        String cursor = first.get("nextCursor").asString();
        JsonNode second = api.get("/api/me/battles?limit=2&cursor=" + java.net.URLEncoder.encode(cursor,
                StandardCharsets.UTF_8), ann.token()).json();
        assertThat(second.get("battles").size()).isEqualTo(1);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        List<String> seen = new ArrayList<>();
        first.get("battles").forEach(b -> seen.add(b.get("battleId").asString()));
        second.get("battles").forEach(b -> seen.add(b.get("battleId").asString()));
        assertThat(seen).isEqualTo(battles);
        assertProblem(api.get("/api/me/battles?cursor=garbage", ann.token()), 400, "invalid-cursor");
    }

    @Test
    void replayingTheBattleProjectionRebuildsTheSameRowsAndRunsNothing() {
        Learner ann = register();
        Learner bob = register();
        String battleId = challengeAndAccept(ann, bob);
        CatalogImporter.ChallengeFile challenge = challenge(battle(battleId, ann).get("challengeId").asString());
        submit(battleId, bob, challenge.solution());
        await().atMost(Duration.ofSeconds(30)).until(() -> history(ann).size() == 1);
        long runsBefore = runsStarted();
        String rowsBefore = rows(battleId);

        StreamingEventProcessor battles = processing.eventProcessor("battles", StreamingEventProcessor.class)
                .orElseThrow();
        stop(battles);
        battles.resetTokens();
        start(battles);
        TrackingToken head = eventStore.createHeadToken();
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(battles, head));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(rows(battleId)).as("the rebuilt rows equal the live ones").isEqualTo(rowsBefore));

        // rewards send commands: Axon refuses to replay them at all
        StreamingEventProcessor rewards = processing.eventProcessor("battle-rewards", StreamingEventProcessor.class)
                .orElseThrow();
        stop(rewards);
        try {
            assertThatThrownBy(rewards::resetTokens).isInstanceOf(IllegalStateException.class);
        } finally {
            start(rewards);
        }
        assertThat(runsStarted()).isEqualTo(runsBefore);
    }

    /** 200 learners join at once: 100 battles, each learner in exactly one, nobody against themselves. */
    @Test
    void twoHundredLearnersJoiningAtOnceMakeOneHundredBattles() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Learner>> registering = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                registering.add(CompletableFuture.supplyAsync(this::registerFromOwnAddress, pool));
            }
            List<Learner> learners = registering.stream().map(CompletableFuture::join).toList();
            List<CompletableFuture<Integer>> joins = new ArrayList<>();
            for (Learner learner : learners) {
                joins.add(CompletableFuture.supplyAsync(() -> {
                    Api.Response response = api.post("/api/battles/queue", learner.token(), Map.of());
                    // a join sent again (a client's retry) is refused and changes nothing
                    Api.Response again = api.post("/api/battles/queue", learner.token(), Map.of());
                    assertThat(again.status()).as(again.text()).isEqualTo(409);
                    return response.status();
                }, pool));
            }
            Map<Integer, Integer> statuses = new HashMap<>();
            joins.forEach(join -> statuses.merge(join.join(), 1, Integer::sum));
            assertThat(statuses).isEqualTo(Map.of(201, 100, 202, 100));

            Map<String, List<String>> byBattle = new HashMap<>();
            for (Learner learner : learners) {
                JsonNode current = api.get("/api/battles/current", learner.token()).json();
                assertThat(current.get("battleId").isNull()).as(learner.username() + " has a battle").isFalse();
                byBattle.computeIfAbsent(current.get("battleId").asString(), id -> new ArrayList<>())
                        .add(learner.learnerId());
            }
            assertThat(byBattle).hasSize(100);
            Set<String> everyone = new HashSet<>();
            for (Map.Entry<String, List<String>> battle : byBattle.entrySet()) {
                assertThat(battle.getValue()).hasSize(2).doesNotHaveDuplicates();
                everyone.addAll(battle.getValue());
            }
            assertThat(everyone).hasSize(200);
            assertThat(jdbc.sql("SELECT count(*) FROM battle_seat WHERE learner_id IN (:ids)")
                    .param("ids", everyone).query(Long.class).single()).isEqualTo(200);
            // done with them: forfeits free the seats for other tests' learners
            for (Map.Entry<String, List<String>> battle : byBattle.entrySet()) {
                Learner loser = learners.stream().filter(l -> l.learnerId().equals(battle.getValue().get(0)))
                        .findFirst().orElseThrow();
                pool.submit(() -> forfeit(battle.getKey(), loser));
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    private Learner registerFromOwnAddress() {
        Api own = new Api(port);
        String username = "battler-" + UUID.randomUUID().toString().substring(0, 12);
        Api.Response response = own.post("/api/auth/register", null, Map.of("username", username, "password", PASSWORD,
                "displayName", "Battler " + username, "timezone", "UTC"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return new Learner(response.json().get("learnerId").asString(), username,
                response.json().get("token").asString());
    }

    /** {@code joiner} joins while {@code waiting} waits: paired at once. */
    private String pairWithWaiting(Learner joiner, Learner waiting) {
        Api.Response matched = api.post("/api/battles/queue", joiner.token(), Map.of());
        assertThat(matched.status()).as(matched.text()).isEqualTo(201);
        String battleId = matched.json().get("battleId").asString();
        assertThat(matched.header("Location")).isEqualTo("/api/battles/" + battleId);
        assertThat(battle(battleId, waiting).get("status").asString()).isEqualTo("active");
        return battleId;
    }

    private String submit(String battleId, Learner learner, String code) {
        Api.Response response = api.post("/api/battles/" + battleId + "/submissions", learner.token(),
                Map.of("code", code));
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        return response.json().get("submissionId").asString();
    }

    private JsonNode battle(String battleId, Learner viewer) {
        Api.Response response = api.get("/api/battles/" + battleId, viewer.token());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private List<JsonNode> history(Learner learner) {
        List<JsonNode> entries = new ArrayList<>();
        api.get("/api/me/battles", learner.token()).json().get("battles").forEach(entries::add);
        return entries;
    }

    private List<String> xpReasons(Learner learner) {
        return jdbc.sql("""
                        SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?
                        AND payload_type = 'dev.pylearn.api.learner.XpAwarded'""")
                .param(learner.learnerId())
                .query((rs, n) -> JSON.readTree(new String(rs.getBytes(1), StandardCharsets.UTF_8)).get("reason")
                        .asString())
                .list();
    }

    private String rows(String battleId) {
        return jdbc.sql("""
                        SELECT (SELECT row_to_json(b)::text FROM battle b WHERE battle_id = :id)
                            || (SELECT json_agg(h ORDER BY learner_id)::text FROM battle_history h WHERE battle_id = :id)
                            || (SELECT json_agg(r ORDER BY learner_id)::text FROM battle_rating r
                                WHERE learner_id IN (SELECT learner_id FROM battle_history WHERE battle_id = :id))""")
                .param("id", battleId).query(String.class).single();
    }

    private long runsStarted() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?")
                .param("dev.pylearn.api.submission.SubmissionRunStarted").query(Long.class).single();
    }

    private CatalogImporter.ChallengeFile challenge(String id) {
        return catalog.readChallenges().stream().filter(c -> c.content().challengeId().equals(id)).findFirst()
                .orElseThrow();
    }

    /** The battle's live stream as the learner sees it, read on a thread of its own into a queue. */
    private LinkedBlockingQueue<JsonNode> stream(String battleId, Learner learner) throws Exception {
        LinkedBlockingQueue<JsonNode> views = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                api.request("/api/battles/" + battleId + "/stream", learner.token()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        views.add(JSON.readTree(line.substring(5)));
                    }
                }
            } catch (Exception e) {
                // the stream ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return views;
    }

    private static JsonNode until(LinkedBlockingQueue<JsonNode> views, java.util.function.Predicate<JsonNode> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = views.poll(1, TimeUnit.SECONDS);
            if (view != null && wanted.test(view)) {
                return view;
            }
        }
        throw new AssertionError("the stream never showed what was awaited");
    }
}
