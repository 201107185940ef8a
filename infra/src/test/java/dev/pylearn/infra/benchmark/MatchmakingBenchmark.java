package dev.pylearn.infra.benchmark;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.TestServices;
import dev.pylearn.monitoring.observability.QueryTracker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Matchmaking under a burst (issue 14): 200 learners join the queue at the same instant
 * ({@code POST /api/battles/queue}: 201 with the battle when an opponent was waiting, else 202).
 * Prints, per round of 200 new learners, the p50/p95 of the joins answered 201 (target p95 under 2 s)
 * and of those answered 202, where a paired join's time goes (the server's {@code pylearn.battles.join}
 * timers: the command, advisory-lock wait and commit included, then the wait for the read model;
 * {@code pylearn.battles.queue.lock-wait}), what the battles projection's batches cost (the query
 * tracker), whether every 201's battle can be read at once (read-your-writes), and the rules: 200
 * learners, 100 battles, nobody in two. Asserts nothing about speed.
 *
 * <pre>./mvnw -o -q -Pbenchmark verify -pl infra -am -Dtest=MatchmakingBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("benchmark")
class MatchmakingBenchmark {

    private static final int LEARNERS = Integer.getInteger("pylearn.benchmark.battlers", 200);
    private static final int ROUNDS = Integer.getInteger("pylearn.benchmark.rounds", 3);
    private static final String PASSWORD = "benchmark password";

    private record Learner(String learnerId, String token, Api api) {
    }

    private record Join(Learner learner, int status, String battleId, long nanos) {
    }

    @Test
    void twoHundredLearnersJoinTheQueueAtOnce() throws Exception {
        TestServices.Database db = TestServices.database();
        try (ConfigurableApplicationContext app = BenchmarkNodes.start(db, PASSWORD, "--pylearn.node-id=matchmaking",
                "--pylearn.security.sign-in.per-address=100000")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            QueryTracker tracker = app.getBean(QueryTracker.class);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            ExecutorService pool = Executors.newFixedThreadPool(LEARNERS);
            try {
                for (int round = 1; round <= ROUNDS; round++) {
                    round(round, port, meters, tracker, jdbc, pool);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void round(int round, int port, MeterRegistry meters, QueryTracker tracker, JdbcClient jdbc,
                              ExecutorService pool) throws Exception {
        ExecutorService signUps = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Learner>> registering = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            registering.add(CompletableFuture.supplyAsync(() -> register(port), signUps));
        }
        List<Learner> learners = registering.stream().map(CompletableFuture::join).toList();
        signUps.shutdown();
        meters.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("pylearn.battles."))
                .toList().forEach(meters::remove);
        Map<String, QueryTracker.EndpointView> before = batches(tracker);
        Map<String, QueryTracker.ShapeView> shapesBefore = shapes(tracker);

        CountDownLatch ready = new CountDownLatch(LEARNERS);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Join>> joins = new ArrayList<>();
        for (Learner learner : learners) {
            joins.add(CompletableFuture.supplyAsync(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                long started = System.nanoTime();
                Api.Response response = learner.api().post("/api/battles/queue", learner.token(), Map.of());
                long took = System.nanoTime() - started;
                String battleId = response.status() == 201 ? response.json().get("battleId").asString() : null;
                return new Join(learner, response.status(), battleId, took);
            }, pool));
        }
        ready.await(60, TimeUnit.SECONDS);
        Sampler sampler = new Sampler();
        sampler.start();
        long burst = System.nanoTime();
        go.countDown();
        List<Join> done = joins.stream().map(CompletableFuture::join).toList();
        long burstNanos = System.nanoTime() - burst;
        sampler.interrupt();
        sampler.join();

        // read-your-writes: each 201's battle, read at once by the learner who was answered
        List<CompletableFuture<Integer>> reads = done.stream().filter(join -> join.status() == 201)
                .map(join -> CompletableFuture.supplyAsync(() -> join.learner().api()
                        .get("/api/battles/" + join.battleId(), join.learner().token()).status(), pool))
                .toList();
        Map<Integer, Integer> readStatuses = new HashMap<>();
        reads.forEach(read -> readStatuses.merge(read.join(), 1, Integer::sum));

        Map<Integer, Integer> statuses = new HashMap<>();
        done.forEach(join -> statuses.merge(join.status(), 1, Integer::sum));
        List<String> ids = learners.stream().map(Learner::learnerId).toList();
        long seated = jdbc.sql("SELECT count(*) FROM battle_seat WHERE learner_id IN (:ids)").param("ids", ids)
                .query(Long.class).single();
        long battles = jdbc.sql("SELECT count(DISTINCT battle_id) FROM battle_seat WHERE learner_id IN (:ids)")
                .param("ids", ids).query(Long.class).single();
        long inTwo = jdbc.sql("""
                        SELECT count(*) FROM (
                            SELECT learner FROM (SELECT learner_a AS learner FROM battle WHERE learner_a IN (:ids)
                                                 UNION ALL
                                                 SELECT learner_b FROM battle WHERE learner_b IN (:ids)) p
                            GROUP BY learner HAVING count(*) > 1) twice""")
                .param("ids", ids).query(Long.class).single();
        long self = jdbc.sql("SELECT count(*) FROM battle WHERE learner_a = learner_b AND learner_a IN (:ids)")
                .param("ids", ids).query(Long.class).single();

        System.out.printf("%nBENCHMARK matchmaking round %d: %d learners joined at once (all answered in %.0f ms): %s; "
                        + "201 p50 %.0f ms p95 %.0f ms max %.0f ms (target p95 < 2000 ms); 202 p50 %.0f ms p95 %.0f ms%n",
                round, LEARNERS, burstNanos / 1e6, statuses, ms(done, 201, 50), ms(done, 201, 95), ms(done, 201, 100),
                ms(done, 202, 50), ms(done, 202, 95));
        System.out.printf("BENCHMARK   where a join's time goes (server timers): %s; %s; %s; %s; %s; %s%n",
                timer(meters, "pylearn.battles.queue.lock-wait", null, null),
                timer(meters, "pylearn.battles.queue.batch", null, null) + " (" + batchSizes(meters) + ")",
                timer(meters, "pylearn.battles.join", "command", "paired"),
                timer(meters, "pylearn.battles.join", "read-model", "paired"),
                timer(meters, "pylearn.battles.join", "command", "waiting"),
                timer(meters, "pylearn.battles.join", "read-model", "waiting"));
        System.out.printf("BENCHMARK   requests and batches during the round: %s%n", delta(before, batches(tracker)));
        System.out.printf("BENCHMARK   statements by total time during the round:%n%s", shapeDelta(shapesBefore, shapes(tracker)));
        System.out.printf("BENCHMARK   the matchmaking thread, sampled every 5 ms during the burst:%n%s", sampler.report());
        System.out.printf("BENCHMARK   rules: %d seated in %d battles (expect %d in %d), %d learners in two battles, "
                        + "%d against themselves; each 201's battle read at once: %s%n",
                seated, battles, LEARNERS, LEARNERS / 2, inTwo, self, readStatuses);
    }

    /** Signs a learner up, again after a pause while the server says it is busy hashing others' passwords. */
    /** Samples the matchmaking thread's stack: where a batch of joins spends its time, by the innermost frames of note. */
    private static final class Sampler extends Thread {

        private final Map<String, Integer> frames = new HashMap<>();
        private int samples;

        Sampler() {
            super("matchmaking-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            Thread target = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("battle-queue-joins")).findFirst().orElse(null);
            while (target != null && !isInterrupted()) {
                StackTraceElement[] stack = target.getStackTrace();
                if (stack.length > 0 && !(stack[0].getClassName().startsWith("jdk.internal.misc.Unsafe")
                        && stack.length > 3 && stack[3].getClassName().contains("LinkedBlockingQueue"))) {
                    samples++;
                    frames.merge(describe(stack), 1, Integer::sum);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }

        /** The innermost frame, and the innermost frames of PyLearn and of Axon (where the time is spent for whom). */
        private static String describe(StackTraceElement[] stack) {
            String ours = null;
            String axon = null;
            for (StackTraceElement frame : stack) {
                if (ours == null && frame.getClassName().startsWith("dev.pylearn")) {
                    ours = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "." + frame.getMethodName();
                }
                if (axon == null && frame.getClassName().startsWith("org.axonframework")) {
                    axon = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "." + frame.getMethodName();
                }
            }
            StackTraceElement top = stack[0];
            return ours + " | " + axon + " | " + top.getClassName().substring(top.getClassName().lastIndexOf('.') + 1) + "."
                    + top.getMethodName();
        }

        String report() {
            StringBuilder lines = new StringBuilder();
            frames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .forEach(entry -> lines.append(String.format("BENCHMARK     %4d of %d samples: %s%n", entry.getValue(),
                            samples, entry.getKey())));
            return lines.toString();
        }
    }

    private static Learner register(int port) {
        Api api = new Api(port);
        String username = "match-" + UUID.randomUUID().toString().substring(0, 12);
        Api.Response registered;
        do {
            registered = api.post("/api/auth/register", null, Map.of("username", username,
                    "password", PASSWORD, "displayName", username, "timezone", "UTC"));
            if (registered.status() == 429) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        } while (registered.status() == 429);
        if (registered.status() != 201) {
            throw new IllegalStateException(registered.text());
        }
        return new Learner(registered.json().get("learnerId").asString(), registered.json().get("token").asString(), api);
    }

    private static Map<String, QueryTracker.EndpointView> batches(QueryTracker tracker) {
        Map<String, QueryTracker.EndpointView> views = new HashMap<>();
        tracker.endpoints().stream()
                .filter(view -> view.endpoint().contains("battles") || view.endpoint().contains("battle-"))
                .forEach(view -> views.put(view.endpoint(), view));
        return views;
    }

    private static String delta(Map<String, QueryTracker.EndpointView> before, Map<String, QueryTracker.EndpointView> after) {
        List<String> lines = new ArrayList<>();
        after.forEach((endpoint, now) -> {
            QueryTracker.EndpointView then = before.get(endpoint);
            long count = now.count() - (then == null ? 0 : then.count());
            if (count == 0) {
                return;
            }
            long statements = now.statements() - (then == null ? 0 : then.statements());
            double dbMs = now.avgDbMs() * now.count() - (then == null ? 0 : then.avgDbMs() * then.count());
            lines.add(String.format("%s: %d x, %.1f statements and %.1f ms db each", endpoint, count,
                    (double) statements / count, dbMs / count));
        });
        Collections.sort(lines);
        return String.join("; ", lines);
    }

    private static String batchSizes(MeterRegistry meters) {
        var sizes = meters.find("pylearn.battles.queue.batch-size").summary();
        return sizes == null ? "no batches" : String.format("%d batches, mean %.1f joins, max %.0f", sizes.count(),
                sizes.mean(), sizes.max());
    }

    private static Map<String, QueryTracker.ShapeView> shapes(QueryTracker tracker) {
        Map<String, QueryTracker.ShapeView> views = new HashMap<>();
        tracker.topShapesByTime(10_000).forEach(view -> views.put(view.sql(), view));
        return views;
    }

    /** The statements that took most database time during the round, with their count and mean. */
    private static String shapeDelta(Map<String, QueryTracker.ShapeView> before, Map<String, QueryTracker.ShapeView> after) {
        record Delta(String sql, long count, double totalMs) {
        }
        List<Delta> deltas = new ArrayList<>();
        after.forEach((sql, now) -> {
            QueryTracker.ShapeView then = before.get(sql);
            long count = now.count() - (then == null ? 0 : then.count());
            if (count > 0) {
                deltas.add(new Delta(sql, count, now.totalMs() - (then == null ? 0 : then.totalMs())));
            }
        });
        deltas.sort(java.util.Comparator.comparingDouble(Delta::totalMs).reversed());
        StringBuilder lines = new StringBuilder();
        deltas.stream().limit(12).forEach(delta -> lines.append(String.format("BENCHMARK     %7.0f ms %5d x %s%n",
                delta.totalMs(), delta.count(), delta.sql().length() > 110 ? delta.sql().substring(0, 110) : delta.sql())));
        return lines.toString();
    }

    private static String timer(MeterRegistry meters, String name, String phase, String outcome) {
        var search = meters.find(name);
        if (phase != null) {
            search = search.tag("phase", phase).tag("outcome", outcome);
        }
        Timer timer = search.timer();
        if (timer == null) {
            return name + (phase == null ? "" : " " + phase + "/" + outcome) + ": none";
        }
        double p50 = 0;
        double p95 = 0;
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == 0.5) {
                p50 = value.value(TimeUnit.MILLISECONDS);
            } else if (value.percentile() == 0.95) {
                p95 = value.value(TimeUnit.MILLISECONDS);
            }
        }
        return String.format("%s%s n=%d mean %.0f p50 %.0f p95 %.0f max %.0f ms", name.replace("pylearn.battles.", ""),
                phase == null ? "" : " " + phase + "/" + outcome, timer.count(), timer.mean(TimeUnit.MILLISECONDS),
                p50, p95, timer.max(TimeUnit.MILLISECONDS));
    }

    private static double ms(List<Join> joins, int status, int percentile) {
        List<Long> sorted = new ArrayList<>(joins.stream().filter(join -> join.status() == status).map(Join::nanos).toList());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(index) / 1_000_000.0;
    }
}
