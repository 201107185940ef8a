package dev.pylearn.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.pylearn.command.catalog.CatalogImporter;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Battles beside the mix: learners who sign up, all join the matchmaking queue at the same moment,
 * and battle. Of each pair, the one who found the other waiting submits the reference solution after
 * a short think; one battle in ten has nobody submitting, so the time limit (the deadline) ends it.
 * Both players follow their battle's live stream, as the battle page does. Measured here, not by
 * Gatling's request timings: the matchmaking time of joins that found an opponent waiting, the time
 * from the winning verdict (the battle's end) to both players' streams showing it, and battles not
 * ended within their time limit plus one minute.
 */
final class BattleLoad {

    /** Battlers sign up over this long rather than all at once (a burst of 400 hashes is not a sign-up rate). */
    static final Duration SIGN_UPS = Duration.ofSeconds(30);
    static final Duration TIME_LIMIT = Duration.ofSeconds(Long.getLong("pylearn.battle-limit", 120));

    private static final Map<String, String> SOLUTIONS = new CatalogImporter(null, "classpath:content/")
            .readChallenges().stream()
            .collect(Collectors.toMap(c -> c.content().challengeId(), CatalogImporter.ChallengeFile::solution));
    private static final ConcurrentLinkedQueue<Long> MATCHMAKING = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Long> SEEN_BY_BOTH = new ConcurrentLinkedQueue<>();
    /** Battle id to the instants its two players saw it end. */
    private static final Map<String, List<Long>> SEEN = new ConcurrentHashMap<>();
    private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();
    private static final AtomicInteger LATE = new AtomicInteger();
    private static final AtomicInteger UNSEEN = new AtomicInteger();
    private static final AtomicLong TOGETHER = new AtomicLong();

    /** The stream's message that shows the end (its data is the battle's JSON, quotes escaped or not). */
    private static final io.gatling.javaapi.http.SseMessageCheck ENDED = sse.checkMessage("battle ended")
            .matching(regex("\\\\?\"status\\\\?\":\\\\?\"(won|drawn|forfeited)").exists())
            .check(regex("\\\\?\"endedAt\\\\?\":\\\\?\"([^\"\\\\]+)").saveAs("endedAt"));

    private BattleLoad() {
    }

    static ChainBuilder battle(ChainBuilder register) {
        return exec(session -> {
            // sign-ups spread over the first SIGN_UPS (see the simulation's injection), all join 15 s later
            TOGETHER.compareAndSet(0, System.currentTimeMillis() + SIGN_UPS.plusSeconds(15).toMillis());
            return session;
        }).exec(register)
                .pause(session -> Duration.ofMillis(Math.max(0, TOGETHER.get() - System.currentTimeMillis())))
                .exec(session -> session.set("joinStart", System.currentTimeMillis()))
                .exec(http("battle: join queue").post("/api/battles/queue").header("Authorization", "Bearer #{token}")
                        .check(status().in(201, 202).saveAs("joinStatus"),
                                jsonPath("$.battleId").optional().saveAs("battleId")))
                .exec(session -> {
                    if (session.getInt("joinStatus") == 201) {
                        MATCHMAKING.add(System.currentTimeMillis() - session.getLong("joinStart"));
                    }
                    return session;
                })
                .asLongAsDuring(session -> !session.contains("battleId") || session.getString("battleId") == null,
                        Duration.ofMinutes(2)).on(
                        exec(http("battle: current").get("/api/battles/current")
                                .header("Authorization", "Bearer #{token}")
                                .check(jsonPath("$.battleId").optional().saveAs("battleId")))
                                .pause(Duration.ofMillis(250)))
                // the odd one out (an odd number signed up) leaves the queue after two minutes
                .doIf(session -> !session.contains("battleId") || session.getString("battleId") == null).then(
                        exec(http("battle: leave queue").delete("/api/battles/queue")
                                .header("Authorization", "Bearer #{token}")).exitHere())
                .exec(http("battle: view").get("/api/battles/#{battleId}").header("Authorization", "Bearer #{token}")
                        .check(jsonPath("$.challengeId").saveAs("challengeId"),
                                jsonPath("$.startedAt").saveAs("startedAt")))
                .exec(session -> {
                    STARTED.putIfAbsent(session.getString("battleId"),
                            Instant.parse(session.getString("startedAt")).toEpochMilli());
                    String battleId = session.getString("battleId");
                    boolean winner = session.getInt("joinStatus") == 201 && Math.floorMod(battleId.hashCode(), 10) != 0;
                    return session.set("winner", winner)
                            .set("codeJson", json(SOLUTIONS.getOrDefault(session.getString("challengeId"), "")));
                })
                .doIfOrElse(session -> session.getBoolean("winner")).then(
                        exec(sse("battle stream").get("/api/battles/#{battleId}/stream")
                                .header("Authorization", "Bearer #{token}").header("Accept", "text/event-stream"))
                                .exec(http("battle: submission").post("/api/battles/#{battleId}/submissions")
                                        .header("Authorization", "Bearer #{token}")
                                        .body(StringBody("{\"code\":#{codeJson}}"))
                                        .check(status().in(202, 429, 503)))
                                .exec(sse("battle stream").setCheck().await(TIME_LIMIT.plusSeconds(90)).on(ENDED)))
                .orElse(exec(sse("battle stream").get("/api/battles/#{battleId}/stream")
                        .header("Authorization", "Bearer #{token}").header("Accept", "text/event-stream")
                        .await(TIME_LIMIT.plusSeconds(90)).on(ENDED)))
                .exec(session -> {
                    String battleId = session.getString("battleId");
                    if (session.isFailed() || !session.contains("endedAt")) {
                        UNSEEN.incrementAndGet();
                        return session.markAsSucceeded();
                    }
                    long seen = System.currentTimeMillis();
                    long ended = Instant.parse(session.getString("endedAt")).toEpochMilli();
                    List<Long> both = SEEN.computeIfAbsent(battleId, id -> java.util.Collections.synchronizedList(
                            new ArrayList<>()));
                    both.add(seen);
                    if (both.size() == 2) {
                        SEEN_BY_BOTH.add(Math.max(both.get(0), both.get(1)) - ended);
                        if (ended - STARTED.get(battleId) > TIME_LIMIT.plusMinutes(1).toMillis()) {
                            LATE.incrementAndGet();
                        }
                    }
                    return session;
                })
                .exec(sse("battle stream").close());
    }

    /** The figures, printed after the run for scripts/load-test to pick up. */
    static void report() {
        int battles = STARTED.size();
        long ended = SEEN.values().stream().filter(both -> both.size() == 2).count();
        System.out.printf("battles: %d started, %d seen ended by both players, %d player streams that never showed "
                + "the end%n", battles, ended, UNSEEN.get());
        System.out.printf("battles: matchmaking time with an opponent waiting: p95 %d ms (n=%d, target < 2000)%n",
                p95(MATCHMAKING), MATCHMAKING.size());
        System.out.printf("battles: battle's end to both players' streams showing it: p95 %d ms (n=%d, target < 1000 "
                + "beyond judging)%n", p95(SEEN_BY_BOTH), SEEN_BY_BOTH.size());
        System.out.printf("battles: not ended within the time limit (%d s) plus one minute: %d (target 0)%n",
                TIME_LIMIT.toSeconds(), LATE.get() + (battles - ended));
    }

    private static long p95(ConcurrentLinkedQueue<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
