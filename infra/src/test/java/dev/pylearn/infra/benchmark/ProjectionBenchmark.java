package dev.pylearn.infra.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylearn.api.challenge.ChallengeAttempted;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.learner.ActiveDayRecorded;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.Level;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.TestServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The projection benchmarks of issue 5. Prints figures; asserts nothing about speed.
 * Run: {@code ./mvnw -Pbenchmark verify -pl infra -am -Dtest=ProjectionBenchmark}
 * ({@code -Dpylearn.benchmark.learners=} to change the 10,000 learners, about 100 events each;
 * {@code -Dpylearn.benchmark.alone=false} to skip the replays of one projection at a time;
 * {@code -Dpylearn.benchmark.projections=a,b} to replay only those;
 * {@code -Dpylearn.benchmark.rounds=} to replay them all at once more than once).
 *
 * <ol>
 * <li>Generates a history of learners (registration, lesson completions with their XP, active days,
 * levels, challenge attempts and solves) as the Learner aggregate would have stored it, serialized by
 * the application's own event serializer, with each command's trace and correlation ids as metadata, and loaded
 * into {@code domain_event_entry} with COPY.</li>
 * <li>Replays each projection alone, one after another, through the admin API and times each; then
 * replays every projection at once and times that: per projection and overall.</li>
 * <li>Rebuilds {@code learner-dashboard} blue-green while readers read dashboards and profiles of
 * learners whose writers keep completing lessons; counts failed reads and reads that show less XP
 * than a write acknowledged more than a second before the read started.</li>
 * </ol>
 */
@Tag("benchmark")
class ProjectionBenchmark {

    private static final String PASSWORD = "benchmark password";

    @Test
    void replayEveryProjectionThenRebuildUnderReadLoad() throws Exception {
        int learners = Integer.getInteger("pylearn.benchmark.learners", 10_000);
        TestServices.Database db = TestServices.database();
        try (ConfigurableApplicationContext app = BenchmarkNodes.start(db, PASSWORD,
                "--pylearn.projections.monitor-interval=100ms")) {
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            String admin = api.post("/api/auth/login", null, Map.of("username", "admin", "password", PASSWORD))
                    .json().get("token").asString();
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
            List<String> projections = new ArrayList<>();
            // -Dpylearn.benchmark.projections=a,b,...: replay only these (issue 13 counts the first six:
            // learner-dashboard,catalog,submissions,achievement-stats,leaderboards,analytics); default all
            List<String> chosen = List.of(System.getProperty("pylearn.benchmark.projections", "").split(",")).stream()
                    .map(String::strip).filter(name -> !name.isEmpty()).toList();
            List<String> others = new ArrayList<>();
            processing.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming && name.equals("dead-letter-probe")) {
                    // the test classpath's dead-letter probe is no part of the application: it would read the
                    // generated history beside the replays (a sixth of the CPU in a recorded run)
                    streaming.shutdownAsync().join();
                } else if (processor instanceof StreamingEventProcessor streaming && streaming.supportsReset()) {
                    (chosen.isEmpty() || chosen.contains(name) ? projections : others).add(name);
                    streaming.shutdownAsync().join();
                }
            });
            if (!chosen.isEmpty() && projections.size() != chosen.size()) {
                throw new IllegalArgumentException("unknown projections among " + chosen + "; found " + projections);
            }

            long generated = generate(app, jdbc, learners);
            long total = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
            System.out.printf("%nBENCHMARK history: %,d learners, %,d events generated, %,d events in the store%n",
                    learners, generated, total);

            // the processors that keep running (the worker, the battle rewards) read the generated history once, as
            // they would have read it live: not beside the replays, where they took a quarter of the CPU
            double settled = caughtUp(processing, head(jdbc));
            System.out.printf("BENCHMARK the running processors read the generated history in %.1f s (not counted)%n",
                    settled);

            // 2. replay each projection alone, then every projection at once: done when each has applied the whole history
            long head = head(jdbc);
            double alone = 0;
            // -Dpylearn.benchmark.alone=false: only every projection at once (and the rebuild), when time is short
            for (String projection : Boolean.parseBoolean(System.getProperty("pylearn.benchmark.alone", "true"))
                    ? projections : List.<String>of()) {
                double took = replay(api, admin, List.of(projection), head).get(projection);
                alone += took;
                System.out.printf("BENCHMARK replay alone   %-20s %,10d events in %7.1f s = %,9.0f events/s%n",
                        projection, total, took, total / took);
            }
            if (alone > 0) {
                System.out.printf("BENCHMARK replay of every projection, one after another: %.1f s for %,d events x %d "
                                + "projections = %,.0f events/s per projection; target >= 20,000 events/s%n",
                        alone, total, projections.size(), total * projections.size() / alone);
            }
            // -Dpylearn.benchmark.rounds=N: replay them all at once N times; in a JVM just started the first round
            // shares the CPU with the JIT compilers (a third of a core through a 3,000-learner round)
            var meters = app.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            for (int round = 1; round <= Integer.getInteger("pylearn.benchmark.rounds", 1); round++) {
                double storeReads = reads(meters, "store");
                double sharedReads = reads(meters, "shared");
                double paced = meters.get("pylearn.events.paced").functionCounter().count();
                Map<String, Double> together = replay(api, admin, projections, head);
                double seconds = together.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                for (String projection : projections) {
                    double took = together.get(projection);
                    System.out.printf("BENCHMARK replay at once %-20s %,10d events in %7.1f s = %,9.0f events/s%n",
                            projection, total, took, total / took);
                }
                System.out.printf("BENCHMARK replay of all %d projections at once, round %d: %.1f s wall for %,d events = "
                                + "%,.0f events/s through every projection (%,.0f handler deliveries/s in all)%n",
                        projections.size(), round, seconds, total, total / seconds, total * projections.size() / seconds);
                System.out.printf("BENCHMARK batches read from the event store %,.0f, taken from another processor's read "
                        + "%,.0f; %.1f s waited by processors ahead for those behind (in all)%n",
                        reads(meters, "store") - storeReads, reads(meters, "shared") - sharedReads,
                        meters.get("pylearn.events.paced").functionCounter().count() - paced);
            }

            if (!others.isEmpty()) {
                // the rebuild's writes wait for every projection of the learner's pages
                double caughtUp = replay(api, admin, others, head).values().stream()
                        .mapToDouble(Double::doubleValue).max().orElseThrow();
                System.out.printf("BENCHMARK the other projections %s caught up in %.1f s (not counted)%n", others,
                        caughtUp);
            }
            // -Dpylearn.benchmark.trace-cache=true: the Redis cache's guard logs each miss, put and eviction of
            // the rebuild phase (not before: the replays evict every learner's keys)
            if (Boolean.getBoolean("pylearn.benchmark.trace-cache")) {
                app.getBean(org.springframework.boot.logging.LoggingSystem.class).setLogLevel(
                        "dev.pylearn.infra.cache.Tombstones", org.springframework.boot.logging.LogLevel.DEBUG);
            }
            rebuildUnderReadLoad(api, ((WebServerApplicationContext) app).getWebServer().getPort(), admin, jdbc,
                    app.getBean(org.springframework.data.redis.core.StringRedisTemplate.class));
            // an eviction lost to a Redis time-out leaves the old entry served until the key's next eviction
            System.out.printf("BENCHMARK cache evictions over the whole run: %,.0f retried after a failure, %,.0f failed "
                            + "every attempt%n",
                    meters.find("pylearn.cache.evictions").tag("outcome", "retried").counter().count(),
                    meters.find("pylearn.cache.evictions").tag("outcome", "failed").counter().count());
        }
    }

    private static double reads(io.micrometer.core.instrument.MeterRegistry meters, String from) {
        return meters.get("pylearn.events.reads").tag("from", from).functionCounter().count();
    }

    private static long head(JdbcClient jdbc) {
        return jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
    }

    /** Waits until every running streaming processor's segments have reached {@code head}; returns the seconds. */
    private static double caughtUp(EventProcessingConfiguration processing, long head) throws InterruptedException {
        Instant started = Instant.now();
        while (processing.eventProcessors().values().stream()
                .filter(processor -> processor instanceof StreamingEventProcessor streaming && streaming.isRunning())
                .flatMap(processor -> ((StreamingEventProcessor) processor).processingStatus().values().stream())
                .anyMatch(status -> status.getCurrentPosition().orElse(-1) < head)) {
            if (Duration.between(started, Instant.now()).toMinutes() >= 10) {
                throw new IllegalStateException("the running processors did not reach the head in 10 minutes");
            }
            Thread.sleep(100);
        }
        return Duration.between(started, Instant.now()).toMillis() / 1000.0;
    }

    /** Replays the projections at once; returns the seconds each took to apply the whole history. */
    private static Map<String, Double> replay(Api api, String admin, List<String> projections, long head)
            throws Exception {
        Instant started = Instant.now();
        for (String projection : projections) {
            var answer = api.post("/api/admin/projections/" + projection + "/replay", admin, null);
            if (answer.status() != 202) {
                throw new IllegalStateException(projection + ": " + answer.text());
            }
        }
        Map<String, Double> took = new ConcurrentHashMap<>();
        while (took.size() < projections.size()) {
            for (String projection : projections) {
                if (!took.containsKey(projection)) {
                    // finished: the replay this call started is over (recorded by the projection monitor,
                    // which runs every 100 ms here) and the projection has applied the whole history (the
                    // first replay replays what was applied before the history was loaded, then catches up)
                    JsonNode status = api.get("/api/admin/projections/" + projection, admin).json();
                    JsonNode operation = status.get("lastOperation");
                    if (!status.get("position").isNull() && status.get("position").asLong() >= head
                            && operation != null && !operation.isNull() && "replay".equals(operation.get("kind").asString())
                            && "finished".equals(operation.get("phase").asString())
                            && !Instant.parse(operation.get("startedAt").asString()).isBefore(started.minusSeconds(1))
                            && operation.get("events").asLong() > 0) {
                        took.put(projection, Duration.between(started, Instant.now()).toMillis() / 1000.0);
                    }
                }
            }
            Thread.sleep(200); // each look is six admin requests; at 50 ms they took a tenth of the CPU
        }
        return took;
    }

    /** Writes the history with COPY; returns the number of events. */
    private static long generate(ConfigurableApplicationContext app, JdbcClient jdbc, int learners) throws Exception {
        ObjectMapper json = app.getBean("defaultAxonObjectMapper", ObjectMapper.class);
        List<String[]> lessons = jdbc.sql("SELECT lesson_id, track_id, xp FROM catalog_lesson l "
                        + "JOIN catalog_track t USING (track_id) ORDER BY t.position, array_position(t.lesson_ids, l.lesson_id)")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        List<String> challenges = jdbc.sql("SELECT challenge_id FROM catalog_challenge ORDER BY challenge_id")
                .query(String.class).list();
        String[] zones = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland"};
        Random random = new Random(42);
        Instant origin = Instant.now().minus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long events = 0;
        Instant started = Instant.now();
        DataSource dataSource = app.getBean(DataSource.class);
        try (Connection connection = dataSource.getConnection()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(8 << 20);
            for (int l = 0; l < learners; l++) {
                String learner = UUID.randomUUID().toString();
                String zone = zones[l % zones.length];
                List<Object> history = new ArrayList<>();
                List<Instant> times = new ArrayList<>();
                Instant at = origin.plusSeconds(random.nextInt(86_400));
                history.add(new LearnerRegistered(learner, "gen-" + l, "Learner " + l, zone, at));
                long xp = 0;
                int level = 1;
                int streak = 0;
                java.time.LocalDate lastDay = null;
                int completed = 32 + random.nextInt(11); // about 110 events a learner: over 1,000,000 for 10,000
                for (int i = 0; i < Math.min(completed, lessons.size()); i++) {
                    at = at.plusSeconds(600 + random.nextInt(36_000));
                    java.time.LocalDate day = at.atZone(java.time.ZoneId.of(zone)).toLocalDate();
                    String[] lesson = lessons.get(i);
                    history.add(new LessonCompleted(learner, lesson[0], lesson[1], day, at));
                    int lessonXp = Integer.parseInt(lesson[2]);
                    xp += lessonXp;
                    history.add(new XpAwarded(learner, lessonXp, "lesson:" + lesson[0], xp, at));
                    if (!day.equals(lastDay)) {
                        streak = lastDay != null && lastDay.plusDays(1).equals(day) ? streak + 1 : 1;
                        history.add(new ActiveDayRecorded(learner, day, streak, streak));
                        lastDay = day;
                    }
                    while (Level.threshold(level + 1) <= xp) {
                        level++;
                        history.add(new LevelReached(learner, level, at));
                    }
                    if (i % 5 == 4) {
                        String challenge = challenges.get(random.nextInt(challenges.size()));
                        String submission = UUID.randomUUID().toString();
                        history.add(new ChallengeAttempted(learner, challenge, UUID.randomUUID().toString(), at));
                        history.add(new ChallengeAttempted(learner, challenge, submission, at.plusSeconds(60)));
                        history.add(new ChallengeSolved(learner, challenge, submission, 20, false, at.plusSeconds(90)));
                        xp += 20;
                        history.add(new XpAwarded(learner, 20, "challenge:" + challenge, xp, at.plusSeconds(90)));
                    }
                }
                for (Object payload : history) {
                    Instant time = timeOf(payload);
                    times.add(time != null ? time : times.get(times.size() - 1));
                }
                byte[] metaData = null;
                for (int seq = 0; seq < history.size(); seq++) {
                    Object payload = history.get(seq);
                    if (payload instanceof LearnerRegistered || payload instanceof LessonCompleted
                            || payload instanceof ChallengeAttempted || payload instanceof ChallengeSolved) {
                        // a new command: its events carry its trace and correlation ids, as Axon's
                        // MessageOriginProvider stores them (every handler reads them back)
                        String trace = UUID.randomUUID().toString();
                        Map<String, String> ids = new java.util.LinkedHashMap<>();
                        ids.put("traceId", trace);
                        ids.put("correlationId", trace);
                        metaData = json.writeValueAsBytes(ids);
                    }
                    String row = String.join("\t", learner, Long.toString(seq), "Learner", UUID.randomUUID().toString(),
                            "\\\\x" + HexFormat.of().formatHex(metaData),
                            "\\\\x" + HexFormat.of().formatHex(json.writeValueAsBytes(payload)), "\\N",
                            payload.getClass().getName(), times.get(seq).toString()) + "\n";
                    buffer.writeBytes(row.getBytes(StandardCharsets.UTF_8));
                }
                events += history.size();
                if (buffer.size() > (6 << 20) || l == learners - 1) {
                    pg.getCopyAPI().copyIn("COPY domain_event_entry (aggregate_identifier, sequence_number, type, "
                                    + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) FROM STDIN",
                            new ByteArrayInputStream(buffer.toByteArray()));
                    buffer.reset();
                }
            }
        }
        System.out.printf("%nBENCHMARK generated %,d events in %.1f s (COPY)%n", events,
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return events;
    }

    private static Instant timeOf(Object event) {
        if (event instanceof LearnerRegistered e) {
            return e.registeredAt();
        } else if (event instanceof LessonCompleted e) {
            return e.completedAt();
        } else if (event instanceof XpAwarded e) {
            return e.awardedAt();
        } else if (event instanceof LevelReached e) {
            return e.reachedAt();
        } else if (event instanceof ChallengeAttempted e) {
            return e.attemptedAt();
        } else if (event instanceof ChallengeSolved e) {
            return e.solvedAt();
        }
        return null; // an active day: the time of the completion before it
    }

    /** Blue-green rebuild of the dashboard while learners read and write. */
    private static void rebuildUnderReadLoad(Api api, int port, String admin, JdbcClient jdbc,
                                             org.springframework.data.redis.core.StringRedisTemplate redis)
            throws Exception {
        int people = 40;
        List<String[]> accounts = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            var registered = api.post("/api/auth/register", null, Map.of("username",
                    "reader-" + UUID.randomUUID().toString().substring(0, 8), "password", PASSWORD, "displayName", "Reader",
                    "timezone", "UTC"));
            accounts.add(new String[] {registered.json().get("token").asString(),
                    registered.json().get("learnerId").asString()});
        }
        List<String> lessons = new ArrayList<>();
        api.get("/api/tracks/python-basics", null).json().get("modules")
                .forEach(m -> m.get("lessons").forEach(l -> lessons.add(l.get("lessonId").asString())));
        // what each learner's writer has been told: XP and when
        Map<Integer, long[]> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        // when the stale reads were (seconds from the rebuild's start, negative before it) and where
        Map<String, Integer> staleBy = new java.util.concurrent.ConcurrentSkipListMap<>();
        // where a stale read's value came from: the serving row read right after it, and the write's answer
        Map<String, Integer> staleCause = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicLong slowAnswers = new AtomicLong();
        java.util.Queue<String> firstStale = new java.util.concurrent.ConcurrentLinkedQueue<>();
        long[] rebuildStart = {Long.MAX_VALUE};
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            int lesson = 0;
            while (running.get() && lesson < lessons.size()) {
                for (int i = 0; i < people && running.get(); i++) {
                    long sent = System.nanoTime();
                    var done = api.post("/api/me/lessons/" + lessons.get(lesson) + "/completion", accounts.get(i)[0], null);
                    if (System.nanoTime() - sent > 4_500_000_000L) {
                        slowAnswers.incrementAndGet(); // at read-your-writes' 5 s time-out: answered unapplied
                    }
                    if (done.status() == 200) {
                        acknowledged.put(i, new long[] {done.json().get("totalXp").asLong(), System.nanoTime()});
                    }
                }
                lesson++;
            }
        }));
        for (int r = 0; r < 6; r++) {
            int offset = r;
            threads.add(new Thread(() -> {
                Api client = new Api(port);
                int i = offset;
                int turn = 0;
                while (running.get()) {
                    i = (i + 1) % people;
                    long[] known = acknowledged.get(i);
                    long startedAt = System.nanoTime();
                    // each learner through both pages: a reader changes page after each round over the learners
                    String path = (turn++ / people + offset) % 2 == 0 ? "/api/me" : "/api/me/dashboard";
                    var me = client.get(path, accounts.get(i)[0]);
                    reads.incrementAndGet();
                    if (me.status() != 200) {
                        failed.incrementAndGet();
                    } else if (known != null && startedAt - known[1] > 1_000_000_000L
                            && me.json().get("xp").asLong() < known[0]) {
                        stale.incrementAndGet();
                        long second = rebuildStart[0] == Long.MAX_VALUE ? -1
                                : Math.floorDiv(startedAt - rebuildStart[0], 5_000_000_000L) * 5;
                        staleBy.merge(String.format("%s at %+04d s (acknowledged %d s before)", path, second,
                                (startedAt - known[1]) / 1_000_000_000L), 1, Integer::sum);
                        long row = jdbc.sql("SELECT xp FROM learner_dashboard WHERE learner_id = ?")
                                .param(accounts.get(i)[1]).query(Long.class).optional().orElse(-1L);
                        long again = client.get(path, accounts.get(i)[0]).json().get("xp").asLong();
                        String cached = redis.opsForValue().get(TestServices.redisKeyPrefix() + "user::"
                                + (path.equals("/api/me") ? "profile:" : "dashboard:") + accounts.get(i)[1]);
                        java.util.regex.Matcher xp = java.util.regex.Pattern.compile("xp\\\\?\"?:(\\d+)")
                                .matcher(cached == null ? "" : cached);
                        String inRedis = cached == null ? "none" : cached.contains("evicted") ? "a tombstone"
                                : !xp.find() ? "unparsed " + cached.substring(0, Math.min(60, cached.length()))
                                : Long.parseLong(xp.group(1)) < known[0] ? "stale" : "fresh";
                        if (firstStale.size() < 30) {
                            firstStale.add(Instant.now() + " " + path + " " + accounts.get(i)[1] + " read "
                                    + me.json().get("xp").asLong() + " acknowledged " + known[0]);
                        }
                        staleCause.merge(path + " (learner " + (i % 2 == 0 ? "even" : "odd") + ")" + (row < known[0] ? ": the serving row behind too"
                                : ": the serving row up to date") + (again < known[0] ? ", read again stale"
                                : ", read again fresh") + ", Redis " + inRedis, 1, Integer::sum);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        Thread.sleep(2000);
        Instant started = Instant.now();
        rebuildStart[0] = System.nanoTime();
        var answer = api.post("/api/admin/projections/learner-dashboard/rebuild", admin, null);
        if (answer.status() != 202) {
            throw new IllegalStateException(answer.text());
        }
        JsonNode last;
        do {
            Thread.sleep(200);
            last = api.get("/api/admin/projections/learner-dashboard", admin).json().get("lastOperation");
        } while (!"rebuild".equals(last.path("kind").asString()) || !"finished".equals(last.path("phase").asString()));
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        Thread.sleep(2000);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("BENCHMARK blue-green rebuild of learner-dashboard under load: %.1f s (%,d events), "
                        + "%,d reads, %d failed, %d stale beyond a second (target 0 and 0)%n%n", seconds,
                last.get("events").asLong(), reads.get(), failed.get(), stale.get());
        if (!staleBy.isEmpty()) {
            System.out.printf("BENCHMARK stale reads by page and 5-second window from the rebuild's start (finished "
                    + "after %.1f s): %s%n", seconds, staleBy);
            System.out.printf("BENCHMARK stale reads by where their value came from: %s%n", staleCause);
            firstStale.forEach(line -> System.out.println("BENCHMARK stale read " + line));
        }
        System.out.printf("BENCHMARK lesson completions answered at read-your-writes' 5 s time-out (so not yet "
                + "readable when answered): %d%n", slowAnswers.get());
    }
}
