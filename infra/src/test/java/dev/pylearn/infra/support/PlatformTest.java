package dev.pylearn.infra.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.PyLearnApplication;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole platform on a random port, against the real PostgreSQL and Redis of {@link TestServices},
 * with the Prometheus registry as in production ({@code @AutoConfigureMetrics}).
 * Test classes share one application context (and one database), so each test makes its own
 * learners and never assumes it is alone.
 */
@AutoConfigureMetrics
@SpringBootTest(classes = PyLearnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pylearn.admin.password=" + PlatformTest.ADMIN_PASSWORD,
                "pylearn.metrics.scrape-username=prometheus", "pylearn.metrics.scrape-password=" + PlatformTest.SCRAPE_PASSWORD,
                "axoniq.update-checker.disabled=true",
                // learners are snapshotted often, so every test that loads one also loads it from a snapshot
                "pylearn.learner.snapshot-threshold=20",
                // battles short enough that a test sees the time limit and an unanswered challenge expire, long
                // enough for a browser test to type a solution on a slow CI box (60 s ran out there)
                "pylearn.battles.time-limit=90s", "pylearn.battles.acceptance=6s",
                // the test-only dead-letter probe (PoisonProbe): one segment on the pushed source, not the
                // pooled default of 16, which queued every event of every test 16 times
                "axon.eventhandling.processors.dead-letter-probe.mode=pooled",
                "axon.eventhandling.processors.dead-letter-probe.source=pushedEvents",
                "axon.eventhandling.processors.dead-letter-probe.thread-count=1",
                "axon.eventhandling.processors.dead-letter-probe.initial-segment-count=1",
                // learner code at normal priority: the default nice 10 leaves it the CPU the pages do not use, and
                // on a CI box the pages' side is two test JVMs and a browser, which starved a correct solution's
                // runs past their 2-s limit (judged "failed" in a fresh-clone CI)
                "pylearn.sandbox.niceness=0",
                // and 3 s beyond each test's limit: a test's limit is wall time, and when the other test JVM is at its
                // busiest a trivial correct run took 1.4-2.5 s and some were judged "timeout" (fresh-clone CIs)
                "pylearn.sandbox.start-grace=3s",
                // every test client sends its own address through the loopback "proxy" (see Api)
                "pylearn.security.trusted-proxies=127.0.0.1,::1"})
public abstract class PlatformTest {

    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String PASSWORD = "a long enough password";
    public static final String SCRAPE_PASSWORD = "scrape-password-for-tests";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.Database database = TestServices.database();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("pylearn.redis.url", TestServices::redisUrl);
        registry.add("spring.data.redis.url", TestServices::redisUrl);
        registry.add("pylearn.cache.key-prefix", TestServices::redisKeyPrefix);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected io.micrometer.core.instrument.MeterRegistry registry;

    protected Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** A learner registered through the API. */
    public record Learner(String learnerId, String username, String token) {
    }

    protected Learner register(String timezone) {
        String username = "learner-" + UUID.randomUUID().toString().substring(0, 12);
        Api.Response response = api.post("/api/auth/register", null,
                Map.of("username", username, "password", PASSWORD, "displayName", "Test " + username,
                        "timezone", timezone));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return new Learner(response.json().get("learnerId").asString(), username,
                response.json().get("token").asString());
    }

    protected Learner register() {
        return register("UTC");
    }

    private static final Map<Integer, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The admin's token, logged in once per application: tests of every class ask for it, and as
     * many log-ins of one account would meet the per-account sign-in limit, as they should.
     */
    protected String adminToken() {
        return ADMIN_TOKENS.computeIfAbsent(port, p -> {
            Api.Response response = api.post("/api/auth/login", null,
                    Map.of("username", "admin", "password", ADMIN_PASSWORD));
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            return response.json().get("token").asString();
        });
    }

    /** Lessons of a track in reading order, from the public track page. */
    protected java.util.List<String> lessonsOf(String trackId) {
        Api.Response track = api.get("/api/tracks/" + trackId, null);
        assertThat(track.status()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        track.json().get("modules").forEach(m -> m.get("lessons").forEach(l -> ids.add(l.get("lessonId").asString())));
        return ids;
    }

    /** The answer is an RFC 9457 problem document of this status and type, with a detail. */
    protected static void assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.isProblem()).as("content type " + response.contentType()).isTrue();
        assertThat(response.json().get("type").asString()).isEqualTo("https://pylearn.dev/problems/" + type);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }

    /** Stops a processor and returns once it has really stopped (a pooled processor stops asynchronously). */
    /**
     * Every segment of the processor has reached the head's position. Not {@code token.covers(head)}: a
     * command that rolled back had taken global indexes that will never hold an event, and a processor's
     * token keeps those as gaps for a long while, which a head token without them does not cover.
     */
    protected static boolean caughtUp(StreamingEventProcessor processor, TrackingToken head) {
        long target = head.position().orElse(-1);
        return !processor.processingStatus().isEmpty() && processor.processingStatus().values().stream()
                .allMatch(status -> status.getCurrentPosition().orElse(-1) >= target);
    }

    /**
     * Replays a processor from the start of the event stream: stops it, resets its tokens (its reset
     * handler clears its tables), runs {@code whileReset} (to look at the cleared tables), starts it and
     * returns once it has caught up with the store's head.
     */
    protected void replay(StreamingEventProcessor processor, org.axonframework.eventsourcing.eventstore.EventStore store,
                          Runnable whileReset) {
        stop(processor);
        processor.resetTokens();
        whileReset.run();
        start(processor);
        TrackingToken head = store.createHeadToken();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> caughtUp(processor, head));
    }

    protected static void stop(StreamingEventProcessor processor) {
        processor.shutdownAsync().join();
    }

    /**
     * Starts a processor and returns once it has claimed every one of its segments again, so that
     * its processing status speaks for the whole event stream.
     */
    protected void start(StreamingEventProcessor processor) {
        processor.start();
        long segments = jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = ?")
                .param(processor.getName()).query(Long.class).single();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> processor.isRunning() && processor.processingStatus().size() == segments);
    }

    /**
     * Another node of the platform on the same database and Redis, as a separate application in this
     * JVM (close it at the end of the test): {@code extra} arguments change its settings.
     */
    protected static org.springframework.context.ConfigurableApplicationContext secondNode(String nodeId,
                                                                                          String... extra) {
        TestServices.Database db = TestServices.database();
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0", "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--pylearn.redis.url=" + TestServices.redisUrl(), "--spring.data.redis.url=" + TestServices.redisUrl(),
                "--pylearn.cache.key-prefix=" + TestServices.redisKeyPrefix(), "--pylearn.admin.password=" + ADMIN_PASSWORD,
                "--axoniq.update-checker.disabled=true", "--pylearn.node-id=" + nodeId, "--pylearn.sandbox.niceness=0",
                "--pylearn.sandbox.start-grace=3s"));
        arguments.addAll(java.util.List.of(extra));
        return org.springframework.boot.SpringApplication.run(PyLearnApplication.class, arguments.toArray(String[]::new));
    }

    /** The HTTP client of a node started by {@link #secondNode}. */
    protected static Api apiOf(org.springframework.context.ConfigurableApplicationContext node) {
        return new Api(((org.springframework.boot.web.server.context.WebServerApplicationContext) node)
                .getWebServer().getPort());
    }

    /** XP the learner earned from achievement rewards, from their achievements page. */
    protected long achievementXp(String token) {
        Api.Response page = api.get("/api/me/achievements", token);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.json().get("unlocked").valueStream().mapToLong(a -> a.get("xp").asLong()).sum();
    }

    /**
     * The SQL statements one GET of {@code path} ran, as the platform counts them in production
     * ({@code pylearn.http.statements} per route, from datasource-proxy).
     */
    protected double statementsOf(String path, String route, String token) {
        io.micrometer.core.instrument.DistributionSummary before = statementSummary(route);
        long countBefore = before == null ? 0 : before.count();
        double totalBefore = before == null ? 0 : before.totalAmount();
        Api.Response response = api.get(path, token);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        // recorded once the response has gone out, which the client may see first
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> statementSummary(route) != null && statementSummary(route).count() > countBefore);
        io.micrometer.core.instrument.DistributionSummary after = statementSummary(route);
        assertThat(after.count() - countBefore).isEqualTo(1);
        return after.totalAmount() - totalBefore;
    }

    private io.micrometer.core.instrument.DistributionSummary statementSummary(String route) {
        return registry.find("pylearn.http.statements").tag("method", "GET").tag("uri", route).summary();
    }
}
