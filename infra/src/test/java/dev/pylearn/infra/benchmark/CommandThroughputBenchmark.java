package dev.pylearn.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.learner.AwardXp;
import dev.pylearn.api.learner.CompleteLesson;
import dev.pylearn.api.learner.LessonCompletionResult;
import dev.pylearn.api.learner.RegisterLearner;
import dev.pylearn.infra.support.PlatformTest;
import dev.pylearn.infra.support.TestServices;
import dev.pylearn.monitoring.observability.QueryTracker;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 13: commands per second against what the same PostgreSQL appends, in one run. First 32
 * clients each append single rows shaped like Axon's {@code domain_event_entry} rows (a scratch copy of
 * the table with its indexes and its own sequence, one transaction and synchronous commit per row, as
 * Axon appends one command's event); then 32 clients send {@code AwardXp} through the command gateway,
 * each to a learner of its own; then 32 clients send {@code CompleteLesson}, each to learners of its own
 * completing real catalog lessons for the first time. Each phase warms up before it is measured, and the
 * command path runs a whole untimed phase of AwardXp (on other learners) before the first command phase. Prints
 * appends/s, commands/s, the ratio of each command to the appends (target >= 0.15), p50/p95 per command,
 * and the SQL statements one command runs (from the platform's own QueryTracker, by statement shape). The
 * three phases run {@code pylearn.benchmark.rounds} times in turn (2), each round printed, then the
 * ratios over all rounds.
 * <p>
 * Run: {@code ./mvnw -o -q -Pbenchmark verify -pl infra -am -Dtest=CommandThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dpylearn.benchmark.seconds=10} and
 * {@code -Dpylearn.benchmark.warm-up-seconds=3} set each phase's length.
 */
@Tag("benchmark")
@TestPropertySource(properties = "pylearn.learner.snapshot-threshold=100") // production's default, not the tests' 20
class CommandThroughputBenchmark extends PlatformTest {

    private static final int CLIENTS = 32;
    private static final long SECONDS = Long.getLong("pylearn.benchmark.seconds", 10);
    private static final long WARM_UP_SECONDS = Long.getLong("pylearn.benchmark.warm-up-seconds", 3);
    /** The three phases run this many times in turn: what else runs on the box moves each phase's figure. */
    private static final int ROUNDS = Integer.getInteger("pylearn.benchmark.rounds", 2);
    /** Learners each CompleteLesson client owns: each completes every free lesson, then the next learner. */
    private static final int LEARNERS_PER_CLIENT = Integer.getInteger("pylearn.benchmark.learners-per-client", 60);

    @Autowired
    CommandGateway commands;

    @Autowired
    QueryTracker tracker;

    @Test
    void commandsAgainstAppends() throws Exception {
        createScratchTable();
        try {
            List<String> awarded = registerLearners(CLIENTS);
            LessonsToComplete lessons = new LessonsToComplete();
            // the command path compiled before either command is measured (it shares most of its code)
            List<String> warmUp = registerLearners(CLIENTS);
            run(client -> () -> commands.sendAndWait(new AwardXp(warmUp.get(client), 1, "warm-up", Instant.now())));

            System.out.printf("%nBENCHMARK command throughput, %d clients, %d s measured after %d s warm-up per phase, "
                    + "%d rounds (issue 13; target >= 0.15)%n", CLIENTS, SECONDS, WARM_UP_SECONDS, ROUNDS);
            long appended = 0;
            long awards = 0;
            long completions = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                Phase appends = rawAppends();
                Phase award = awardXp(awarded);
                Phase complete = lessons.complete();
                appended += appends.operations();
                awards += award.operations();
                completions += complete.operations();
                System.out.println("BENCHMARK round " + round + " " + appends.line("raw appends   "));
                System.out.println("BENCHMARK round " + round + " " + award.line("AwardXp       ")
                        + String.format(", ratio to appends %.3f", award.rate() / appends.rate()));
                System.out.println("BENCHMARK round " + round + " " + complete.line("CompleteLesson")
                        + String.format(", ratio to appends %.3f", complete.rate() / appends.rate()));
            }
            // the phases run one after another on a box others share: the rounds show how much that moves
            System.out.printf("BENCHMARK all rounds: appends %,d, AwardXp %,d (ratio %.3f), CompleteLesson %,d (ratio %.3f)%n",
                    appended, awards, awards / (double) appended, completions, completions / (double) appended);
        } finally {
            dropScratchTable();
        }
        statementsPerCommand();
    }

    /**
     * The real table's columns, keys and indexes, but its own sequence (the copied default would take
     * global indexes from the real store's sequence) and no trigger.
     */
    private void createScratchTable() throws SQLException {
        ddl("CREATE SEQUENCE benchmark_event_seq",
                "CREATE TABLE benchmark_event_entry (LIKE domain_event_entry INCLUDING ALL)",
                "ALTER TABLE benchmark_event_entry ALTER COLUMN global_index SET DEFAULT nextval('benchmark_event_seq')");
    }

    private void dropScratchTable() throws SQLException {
        ddl("DROP TABLE benchmark_event_entry", "DROP SEQUENCE benchmark_event_seq");
    }

    private static void ddl(String... statements) throws SQLException {
        TestServices.Database db = TestServices.database();
        try (Connection admin = DriverManager.getConnection(db.url(), db.username(), db.password());
             Statement ddl = admin.createStatement()) {
            for (String statement : statements) {
                ddl.execute(statement);
            }
        }
    }

    /** Single Axon-shaped rows from 32 connections of their own, one transaction and commit each. */
    private Phase rawAppends() throws Exception {
        TestServices.Database db = TestServices.database();
        byte[] payload = ("{\"learnerId\":\"" + UUID.randomUUID() + "\",\"amount\":1,\"reason\":\"measured\","
                + "\"totalXp\":12345,\"awardedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] metaData = ("{\"traceId\":\"" + UUID.randomUUID() + "\",\"correlationId\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return run(client -> {
            Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
            connection.setAutoCommit(false);
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO benchmark_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                        time_stamp, payload_type, payload_revision, payload, meta_data)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
            String aggregate = UUID.randomUUID().toString();
            long[] sequence = {0};
            return new Client() {
                @Override
                public void send() throws SQLException {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, aggregate);
                    insert.setLong(3, sequence[0]++);
                    insert.setString(4, "Learner");
                    insert.setString(5, Instant.now().toString());
                    insert.setString(6, "dev.pylearn.api.learner.XpAwarded");
                    insert.setString(7, null);
                    insert.setBytes(8, payload);
                    insert.setBytes(9, metaData);
                    insert.executeUpdate();
                    connection.commit();
                }

                @Override
                public void close() throws SQLException {
                    connection.close();
                }
            };
        });
    }

    private Phase awardXp(List<String> learners) throws Exception {
        return run(client -> () -> commands.sendAndWait(new AwardXp(learners.get(client), 1, "measured", Instant.now())));
    }

    /**
     * Every client has learners of its own; each completes the free track's lessons and then the track
     * that needs it, each for the first time, before the client moves on to its next learner (and on
     * from there in the next round).
     */
    private final class LessonsToComplete {

        private final List<String> lessons = new ArrayList<>(lessonsOf("python-basics"));
        private final List<String> learners;
        private final int[] next = new int[CLIENTS];

        LessonsToComplete() throws Exception {
            lessons.addAll(lessonsOf("python-intermediate"));
            learners = registerLearners(CLIENTS * LEARNERS_PER_CLIENT);
        }

        Phase complete() throws Exception {
            AtomicInteger exhausted = new AtomicInteger();
            Phase phase = run(client -> () -> {
                int n = next[client]++;
                int learner = n / lessons.size();
                if (learner >= LEARNERS_PER_CLIENT) {
                    exhausted.incrementAndGet();
                    throw new IllegalStateException("client " + client + " has completed every lesson of its learners");
                }
                LessonCompletionResult result = commands.sendAndWait(new CompleteLesson(
                        learners.get(client * LEARNERS_PER_CLIENT + learner), lessons.get(n % lessons.size()), Instant.now()));
                if (result.alreadyCompleted()) {
                    throw new IllegalStateException("not a first completion");
                }
            });
            assertThat(exhausted.get()).as("clients that ran out of learners (raise pylearn.benchmark.learners-per-client)")
                    .isZero();
            return phase;
        }
    }

    /** Learners registered by command, without the password hash of the sign-up page. */
    private List<String> registerLearners(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(pool.submit(() -> commands.sendAndWait(new RegisterLearner(id, "bench-" + id.substring(0, 18),
                        null, "UTC", "not-a-hash", Set.of("LEARNER"), Instant.now()))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return ids;
    }

    /** What one command runs in SQL, by statement shape, counted on the sending thread (one client). */
    private void statementsPerCommand() throws Exception {
        String awarded = registerLearners(1).get(0);
        String completing = registerLearners(1).get(0);
        List<String> lessons = lessonsOf("python-basics");
        for (int i = 0; i < 3; i++) {
            String lesson = lessons.get(i);
            census("AwardXp", () -> commands.sendAndWait(new AwardXp(awarded, 1, "census", Instant.now())));
            census("CompleteLesson", () -> commands.sendAndWait(new CompleteLesson(completing, lesson, Instant.now())));
        }
    }

    @SuppressWarnings("unchecked")
    private void census(String name, Client command) throws Exception {
        QueryTracker.Scope scope = tracker.begin("benchmark " + name, "benchmark");
        command.send();
        tracker.end(scope, null);
        Field byShape = QueryTracker.Scope.class.getDeclaredField("byShape");
        byShape.setAccessible(true);
        Map<String, int[]> shapes = new TreeMap<>((Map<String, int[]>) byShape.get(scope));
        System.out.printf("BENCHMARK %s: %d statements, %.2f ms in the database%n", name, scope.statements(),
                scope.dbTime().toNanos() / 1e6);
        shapes.forEach((sql, n) -> System.out.printf("BENCHMARK     %dx %s%n", n[0], sql.length() > 150 ? sql.substring(0, 150) + "..." : sql));
    }

    interface Client extends AutoCloseable {
        void send() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    interface ClientFactory {
        Client create(int client) throws Exception;
    }

    /** Operations completed in the measured window and their latencies. */
    record Phase(long operations, long[] nanos, long errors) {
        double rate() {
            return operations / (double) SECONDS;
        }

        String line(String name) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
            double p95 = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.95)] / 1e6;
            return String.format("%s %,9.0f /s  p50 %6.2f ms  p95 %6.2f ms  (%,d in %d s, %d errors)", name, rate(),
                    p50, p95, operations, SECONDS, errors);
        }
    }

    /**
     * {@link #CLIENTS} threads each loop on their client's operation: the first {@link #WARM_UP_SECONDS}
     * are not counted, then operations that start and end within the next {@link #SECONDS} are.
     */
    private Phase run(ClientFactory factory) throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(factory.create(i));
        }
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP_SECONDS * 1_000_000_000L;
        long end = measureFrom + SECONDS * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<long[]>> results = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        for (Client client : clients) {
            results.add(pool.submit(() -> {
                long[] nanos = new long[1024];
                int n = 0;
                while (true) {
                    long before = System.nanoTime();
                    if (before >= end) {
                        break;
                    }
                    try {
                        client.send();
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) {
                            e.printStackTrace();
                        }
                        if (e instanceof IllegalStateException) {
                            break;
                        }
                        continue;
                    }
                    long after = System.nanoTime();
                    if (before >= measureFrom && after <= end) {
                        if (n == nanos.length) {
                            nanos = Arrays.copyOf(nanos, n * 2);
                        }
                        nanos[n++] = after - before;
                    }
                }
                return Arrays.copyOf(nanos, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> result : results) {
            long[] nanos = result.get();
            int offset = all.length;
            all = Arrays.copyOf(all, offset + nanos.length);
            System.arraycopy(nanos, 0, all, offset, nanos.length);
        }
        pool.shutdown();
        for (Client client : clients) {
            client.close();
        }
        return new Phase(all.length, all, errors.get());
    }
}
