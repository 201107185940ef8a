package dev.pylearn.infra.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.infra.PyLearnApplication;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import dev.pylearn.infra.support.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same jar with a subset of roles, as a second node beside the test's full one (same PostgreSQL
 * and Redis): a worker-only node serves nothing but health and metrics and judges submissions; an
 * API node without projections answers the API, reads its own writes through the other node's
 * projections, and runs no projection processor.
 */
class ProcessRolesTest extends PlatformTest {

    /**
     * The command side's processors, on every node that handles commands (every node): its subscribing
     * lookups and its side effects, which claim their segments like any streaming processor.
     */
    private static final List<String> COMMAND_SIDE = List.of(ProcessingGroups.LESSON_RULES,
            ProcessingGroups.CHALLENGE_REWARDS, ProcessingGroups.FORUM_ACHIEVEMENTS, ProcessingGroups.BATTLE_JUDGING,
            ProcessingGroups.BATTLE_REWARDS, ProcessingGroups.NOTIFICATIONS);

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    CatalogImporter catalog;

    @Test
    void aWorkerOnlyNodeServesNoPublicEndpointAndJudgesTheSubmissions() {
        // this node's worker stands aside, so only the worker-only node can judge
        StreamingEventProcessor localWorker = processing.eventProcessor(ProcessingGroups.EXECUTION_WORKER,
                StreamingEventProcessor.class).orElseThrow();
        stop(localWorker);
        try (ConfigurableApplicationContext worker = node("worker", "--pylearn.management-port=0")) {
            Api internal = new Api(((WebServerApplicationContext) worker).getWebServer().getPort());
            // ready once its worker processor has caught up with the stream
            await().atMost(Duration.ofSeconds(60)).until(() -> internal.get("/actuator/health", null).status() == 200);
            for (String path : List.of("/api/tracks", "/api/tracks/python-basics", "/", "/v3/api-docs",
                    "/admin/monitor.html")) {
                assertThat(internal.get(path, null).status()).as(path).isEqualTo(404);
            }
            assertThat(internal.post("/api/auth/login", null, Map.of("username", "admin", "password", ADMIN_PASSWORD))
                    .status()).isEqualTo(404);
            assertThat(worker.getBean(EventProcessingConfiguration.class).eventProcessors().keySet())
                    .containsExactlyInAnyOrderElementsOf(concat(COMMAND_SIDE, ProcessingGroups.EXECUTION_WORKER));

            Learner learner = register();
            String solution = catalog.readChallenges().stream()
                    .filter(c -> c.content().challengeId().equals("letter-grade")).findFirst().orElseThrow().solution();
            Api.Response submitted = api.post("/api/challenges/letter-grade/submissions", learner.token(),
                    Map.of("code", solution));
            assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
            String id = submitted.json().get("submissionId").asString();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                    api.get("/api/submissions/" + id, learner.token()).json().get("status").asString()).isEqualTo("passed"));
            assertThat(jdbc.sql("SELECT DISTINCT owner FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL")
                    .param(ProcessingGroups.EXECUTION_WORKER).query(String.class).list()).containsExactly("worker-node");
        } finally {
            start(localWorker);
        }
    }

    @Test
    void anApiNodeWithoutProjectionsAnswersAndReadsItsOwnWritesThroughTheOtherNodesProjections() {
        try (ConfigurableApplicationContext apiNode = node("api", "--server.port=0")) {
            assertThat(apiNode.getBean(EventProcessingConfiguration.class).eventProcessors().keySet())
                    .containsExactlyInAnyOrderElementsOf(COMMAND_SIDE);
            Api other = new Api(((WebServerApplicationContext) apiNode).getWebServer().getPort());
            // no pages on an API node
            assertThat(other.get("/", null).status()).isEqualTo(404);

            Api.Response registered = other.post("/api/auth/register", null, Map.of("username",
                    "api-node-" + System.nanoTime(), "password", PASSWORD, "displayName", "Api Node", "timezone", "UTC"));
            assertThat(registered.status()).as(registered.text()).isEqualTo(201);
            String token = registered.json().get("token").asString();
            List<String> lessons = new ArrayList<>(lessonsOf("python-basics"));
            long earned = 0;
            for (String lesson : lessons.subList(0, 2)) {
                Api.Response completed = other.post("/api/me/lessons/" + lesson + "/completion", token, null);
                assertThat(completed.status()).as(completed.text()).isEqualTo(200);
                earned += completed.json().get("xpAwarded").asLong();
                // answered once the projection on the other node shows it: the next read sees the write
                assertThat(other.get("/api/me/dashboard", token).json().get("xp").asLong()).isEqualTo(earned);
            }
            assertThat(earned).isPositive();
        }
    }

    private static List<String> concat(List<String> groups, String group) {
        List<String> all = new ArrayList<>(groups);
        all.add(group);
        return all;
    }

    @Test
    void rolesAreCheckedAtStartUp() {
        assertThat(Roles.parse("").active()).containsExactlyInAnyOrder(Roles.Role.values());
        assertThat(Roles.parse(" api , WEB ").active()).containsExactlyInAnyOrder(Roles.Role.API, Roles.Role.WEB);
        assertThat(Roles.parse("worker").servesPublicHttp()).isFalse();
        assertThatThrownBy(() -> Roles.parse("api,cron")).hasMessageContaining("unknown role 'cron'");
        assertThatThrownBy(() -> Roles.parse("operations")).hasMessageContaining("needs the projections role");
    }

    private static ConfigurableApplicationContext node(String roles, String port) {
        TestServices.Database db = TestServices.database();
        return SpringApplication.run(PyLearnApplication.class, port, "--pylearn.roles=" + roles,
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(), "--pylearn.redis.url=" + TestServices.redisUrl(),
                "--spring.data.redis.url=" + TestServices.redisUrl(),
                "--pylearn.cache.key-prefix=" + TestServices.redisKeyPrefix(), "--pylearn.admin.password=" + ADMIN_PASSWORD,
                "--axoniq.update-checker.disabled=true", "--pylearn.node-id=" + roles + "-node");
    }
}
