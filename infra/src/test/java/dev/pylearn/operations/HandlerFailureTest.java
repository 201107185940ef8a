package dev.pylearn.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pylearn.api.catalog.PublishTrack;
import dev.pylearn.api.challenge.RecordChallengePass;
import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.monitoring.monitor.Alerts;
import dev.pylearn.monitoring.monitor.SystemSampler;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Event handlers that send commands or write the command side's tables never let an event go by
 * when they fail: the failure is made for real (the command handler, or the database, refuses), and
 * the event is either taken back with the command that published it or parked where the projections
 * API shows it, with a metric and an alert, until a retry applies it.
 */
class HandlerFailureTest extends PlatformTest {

    private static final String SUBMISSION_EVALUATED = "dev.pylearn.api.submission.SubmissionEvaluated";

    @Autowired
    CommandFaults faults;

    @Autowired
    CatalogImporter catalog;

    @Autowired
    CommandGateway commands;

    @Autowired
    SystemSampler sampler;

    @Autowired
    Alerts alerts;

    @Autowired
    DeadLetterRetries retries;

    @Test
    void aRewardThatFailsTakesItsVerdictBackParksTheSubmissionAndTheRetryAwardsBoth() {
        Learner learner = register();
        CatalogImporter.ChallengeFile challenge = catalog.readChallenges().stream()
                .filter(c -> c.content().challengeId().equals("letter-grade")).findFirst().orElseThrow();
        String admin = adminToken();
        String id;
        // the Learner refuses the solve: the reward handler's command fails in its handler
        faults.fail(RecordChallengePass.class, pass -> pass.learnerId().equals(learner.learnerId()));
        try {
            Api.Response submitted = api.post("/api/challenges/letter-grade/submissions", learner.token(),
                    Map.of("code", challenge.solution()));
            assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
            id = submitted.json().get("submissionId").asString();

            // the worker's event is parked, with the cause, where the projections API shows it
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<JsonNode> mine = lettersOf(id, admin);
                assertThat(mine).hasSize(1);
                assertThat(mine.get(0).get("eventType").asString()).endsWith("SubmissionRequested");
                assertThat(mine.get(0).get("causeMessage").asString()).contains(id);
            });
            // the verdict went back with its reward: nothing says "passed" without the XP
            assertThat(evaluations(id)).isZero();
            assertThat(api.get("/api/submissions/" + id, learner.token()).json().get("status").asString())
                    .isIn("queued", "running");
            assertThat(api.get("/api/me", learner.token()).json().get("xp").asLong()).isZero();
            assertThat(api.get("/api/admin/projections/execution-worker", admin).json().get("deadLetters").asLong())
                    .isPositive();
            sampler.sample();
            assertThat(deadLetterGauge("execution-worker")).isPositive();
            assertThat(alerts.evaluate()).contains("dead-letters execution-worker");
            assertThat(alerts.open()).anyMatch(a -> a.rule().equals("dead-letters")
                    && a.endpoint().equals("execution-worker") && a.severity().equals("critical"));
        } finally {
            faults.heal(RecordChallengePass.class);
        }

        // the cause is gone: the next retry (here the scheduled one, run now) judges it, once, with its XP
        retries.retryParked();
        // (the scheduled retry may be the one that applies it, if it ran at this moment)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lettersOf(id, admin)).isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = api.get("/api/submissions/" + id, learner.token()).json();
            assertThat(view.get("status").asString()).isEqualTo("passed");
            assertThat(view.get("xpAwarded").asInt()).isEqualTo(challenge.content().xp());
        });
        assertThat(evaluations(id)).isEqualTo(1);
        sampler.sample();
        assertThat(deadLetterGauge("execution-worker")).isZero();
        assertThat(alerts.evaluate()).doesNotContain("dead-letters execution-worker");
    }

    @Test
    void lessonRulesThatCannotBeWrittenTakeTheirTrackPublicationBackUntilTheyCan() {
        String track = "failure-probe-" + UUID.randomUUID().toString().substring(0, 8);
        PublishTrack publish = new PublishTrack(track, 98, "Failure probe", "One lesson", false, null,
                List.of(new PublishTrack.ModuleContent(track + "-module", "Probe",
                        List.of(new PublishTrack.LessonContent(track + "-lesson", "Probe lesson", 5, "Body")))),
                List.of());
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_failure_probe() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'lesson rules refused for %', NEW.track_id; END $$""").update();
        jdbc.sql("""
                CREATE TRIGGER refuse_failure_probe BEFORE INSERT ON lesson_rule FOR EACH ROW
                WHEN (NEW.track_id LIKE 'failure-probe-%') EXECUTE FUNCTION refuse_failure_probe()""").update();
        try {
            assertThatThrownBy(() -> commands.sendAndWait(publish))
                    .hasStackTraceContaining("lesson rules refused for " + track);
            // the track's events went back with the rules: it was never published, not half published
            assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", track)).isZero();
            assertThat(count("SELECT count(*) FROM track_rule WHERE track_id = ?", track)).isZero();
        } finally {
            jdbc.sql("DROP TRIGGER refuse_failure_probe ON lesson_rule").update();
            jdbc.sql("DROP FUNCTION refuse_failure_probe()").update();
        }

        commands.sendAndWait(publish);
        assertThat(count("SELECT count(*) FROM lesson_rule WHERE track_id = ?", track)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", track)).isPositive();
    }

    private List<JsonNode> lettersOf(String submissionId, String admin) {
        Api.Response letters = api.get("/api/admin/projections/execution-worker/dead-letters", admin);
        assertThat(letters.status()).as(letters.text()).isEqualTo(200);
        return letters.json().valueStream().filter(l -> l.get("aggregateId").asString().equals(submissionId)).toList();
    }

    private long evaluations(String submissionId) {
        return count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = '"
                + SUBMISSION_EVALUATED + "'", submissionId);
    }

    private long count(String sql, String parameter) {
        return jdbc.sql(sql).param(parameter).query(Long.class).single();
    }

    /** The exported value of {@code pylearn_dead_letters} for one processor, as Prometheus scrapes it. */
    private double deadLetterGauge(String processor) {
        String scrape = api.get("/actuator/prometheus", adminToken()).text();
        Matcher value = Pattern.compile("(?m)^pylearn_dead_letters\\{[^}]*processor=\"" + Pattern.quote(processor)
                + "\"[^}]*} (\\S+)$").matcher(scrape);
        assertThat(value.find()).as("pylearn_dead_letters for " + processor + " is exported").isTrue();
        return Double.parseDouble(value.group(1));
    }
}
