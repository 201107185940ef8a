package dev.pylearn.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.pylearn.infra.PyLearnApplication;
import dev.pylearn.infra.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The kill -9 drill of issue 12: writers award XP as fast as the embedded default takes it, the
 * embedded PostgreSQL (postmaster and every backend) is killed with SIGKILL while acknowledgements are
 * still coming in, PyLearn is started again on the same data directory (PostgreSQL recovers from its
 * WAL), and every event an acknowledged command wrote is looked for. An acknowledgement carries the
 * learner's event sequence number, so "acknowledged" means every event of that learner up to it.
 * The answers are sent right after the commit (the read-your-writes wait is cut to 1 ms), so that the
 * kill comes as close after acknowledged commits as it can.
 *
 * <p>Prints the figures and fails if an acknowledged event is missing. With
 * {@code -Dpylearn.benchmark.unsafe=true} it first turns synchronous commits off (as zonky's test
 * defaults did before), to show that the drill catches a loss when there is one; that run only prints.
 * Run: {@code ./mvnw -Pbenchmark verify -pl infra -am -Dtest=DurabilityBenchmark} (or scripts/kill-drill).
 */
@Tag("benchmark")
class DurabilityBenchmark {

    private static final String ADMIN_PASSWORD = "drill admin password";

    @TempDir
    Path dataDir;

    @Test
    void killNineOfTheEmbeddedDatabaseRightAfterAcknowledgedCommandsLosesNoEvent() throws Exception {
        int writers = Integer.getInteger("pylearn.benchmark.writers", 16);
        Duration writing = Duration.ofSeconds(Long.getLong("pylearn.benchmark.write-seconds", 10));
        boolean unsafe = Boolean.getBoolean("pylearn.benchmark.unsafe");
        Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
        AtomicLong commands = new AtomicLong();
        AtomicLong lastAcknowledgementBeforeKill = new AtomicLong();
        AtomicLong killedAt = new AtomicLong();
        AtomicLong acknowledgedAfterKill = new AtomicLong();
        int killed;

        ConfigurableApplicationContext app = start();
        try {
            Api api = new Api(port(app));
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    "UP".equals(api.get("/actuator/health", null).json().get("status").asString()));
            if (unsafe) {
                unsafe(app);
            }
            String admin = api.post("/api/auth/login", null, Map.of("username", "admin", "password", ADMIN_PASSWORD))
                    .json().get("token").asString();
            List<String> learners = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Api.Response registered = api.post("/api/auth/register", null, Map.of("username",
                        "drill-" + UUID.randomUUID().toString().substring(0, 8), "password", "drill password 123",
                        "timezone", "UTC"));
                assertThat(registered.status()).as(registered.text()).isEqualTo(201);
                String learner = registered.json().get("learnerId").asString();
                learners.add(learner);
                acknowledged.put(learner, new AtomicLong(-1));
            }

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            for (String learner : learners) {
                pool.submit(() -> {
                    Api client = new Api(port(app));
                    while (!stop.get()) {
                        Api.Response awarded;
                        try {
                            awarded = client.post("/api/admin/learners/" + learner + "/xp", admin,
                                    Map.of("amount", 1, "reason", "drill"));
                        } catch (RuntimeException e) {
                            return;
                        }
                        if (awarded.status() != 200) {
                            return;
                        }
                        acknowledged.get(learner).accumulateAndGet(awarded.json().get("version").asLong(), Math::max);
                        commands.incrementAndGet();
                        if (killedAt.get() == 0) {
                            lastAcknowledgementBeforeKill.set(System.nanoTime());
                        } else {
                            // committed before the kill, its answer still on its way: acknowledged all the same
                            acknowledgedAfterKill.incrementAndGet();
                        }
                    }
                });
            }
            Thread.sleep(writing.toMillis());
            // while acknowledgements are still coming in: the postmaster and its backends at once
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());
            ProcessHandle root = ProcessHandle.of(postmaster).orElseThrow();
            List<ProcessHandle> processes = new ArrayList<>(root.descendants().toList());
            processes.add(root);
            killedAt.set(System.nanoTime());
            processes.forEach(ProcessHandle::destroyForcibly);
            killed = processes.size();
            // the node's threads now fail against a dead database, some with errors no one catches: not this drill's
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
                    .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).as("writers stopped").isTrue();
        } finally {
            closeWithoutItsDatabase(app);
        }

        long expected = 0;
        long found = 0;
        long beyond = 0;
        try (ConfigurableApplicationContext restarted = start()) {
            JdbcClient jdbc = restarted.getBean(JdbcClient.class);
            for (Map.Entry<String, AtomicLong> learner : acknowledged.entrySet()) {
                long version = learner.getValue().get();
                expected += version + 1;
                found += jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND sequence_number <= ?").params(learner.getKey(), version).query(Long.class).single();
                beyond += jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND sequence_number > ?").params(learner.getKey(), version).query(Long.class).single();
            }
        }
        long lost = expected - found;
        System.out.printf("%nBENCHMARK kill -9 drill (%s): %d writers for %d s, %d commands acknowledged; embedded "
                        + "PostgreSQL killed (SIGKILL to %d processes) %.1f ms after the last acknowledgement received "
                        + "before it, %d more acknowledgements arrived after it; after restart: events acknowledged %d, "
                        + "found %d, lost %d (and %d events committed whose acknowledgement never arrived)%n",
                unsafe ? "synchronous_commit=off, the old zonky default" : "synchronous_commit=on",
                writers, writing.toSeconds(), commands.get(), killed,
                (killedAt.get() - lastAcknowledgementBeforeKill.get()) / 1e6, acknowledgedAfterKill.get(),
                expected, found, lost, beyond);
        if (!unsafe) {
            assertThat(lost).as("acknowledged events lost").isZero();
        }
    }

    /**
     * Closing a node whose database was killed under it is messy by nature: processors fail mid-batch
     * and zonky's pg_ctl stop finds no server. What matters is what the next start finds on disk.
     */
    private static void closeWithoutItsDatabase(ConfigurableApplicationContext app) {
        try {
            app.close();
        } catch (Throwable e) {
            System.out.println("Closing the node after the kill: " + e);
        }
    }

    /**
     * The control run: synchronous commits off for every new session (a role setting outranks the
     * server's command line), and the pool's connections replaced so that they all have it.
     */
    private static void unsafe(ConfigurableApplicationContext app) throws java.sql.SQLException {
        app.getBean(JdbcClient.class).sql("ALTER ROLE postgres SET synchronous_commit = off").update();
        app.getBean(DataSource.class).unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
    }

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(PyLearnApplication.class,
                "--server.port=0",
                "--spring.datasource.url=",
                "--pylearn.redis.url=",
                "--pylearn.data-dir=" + dataDir,
                "--pylearn.admin.password=" + ADMIN_PASSWORD,
                // a dead database answers in seconds, not after Hikari's default 30 s
                "--spring.datasource.hikari.connection-timeout=3000",
                // answers right after the commit, not once the read model shows it: an acknowledgement
                // then follows its commit as closely as the platform can send it
                "--pylearn.read-your-writes.timeout=1ms",
                "--logging.level.dev.pylearn.command.web.ReadYourWrites=ERROR",
                "--axoniq.update-checker.disabled=true");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
