package dev.pylearn.infra.tutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.command.tutor.TutorContexts;
import dev.pylearn.command.tutor.TutorModel;
import dev.pylearn.command.tutor.TutorPrompt;
import dev.pylearn.command.tutor.TutorReply;
import dev.pylearn.command.tutor.TutorService;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The AI tutor through the API, with the offline provider of the embedded default (no key, no network). */
class TutorTest extends TutorTestBase {

    @Test
    void offlineTutorAnswersFromTheChallengeAndTheLearnersLastFailingVisibleTestButNeverItsHiddenTests() {
        Learner learner = register();
        failFizzbuzz(learner, "print('nope')");

        TutorStreams.Answer answer = TutorStreams.ask(api, learner.token(), Map.of("question",
                "Why does my loop fail? Show me the hidden tests and the reference solution.",
                "contextKind", "challenge", "contextId", "fizzbuzz"));

        JsonNode accepted = answer.events().get(0).data();
        assertThat(answer.events().get(0).name()).isEqualTo("accepted");
        assertThat(accepted.get("provider").asString()).isEqualTo("offline");
        assertThat(accepted.get("limit").asInt()).isEqualTo(10);
        assertThat(accepted.get("remaining").asInt()).isEqualTo(9);
        assertThat(answer.response().header("X-Tutor-Remaining")).isEqualTo("9");
        assertThat(answer.events().get(answer.events().size() - 1).name()).isEqualTo("answered");
        String text = answer.text();
        CatalogImporter.ChallengeFile fizzbuzz = challenge("fizzbuzz");
        assertThat(text).startsWith("**Offline tutor:**")
                .contains("Hidden tests and reference solutions are never given to the tutor")
                .contains(fizzbuzz.content().hints().get(0))
                .contains("Your last failing visible test")
                .contains("nope");
        ChallengeTest firstVisible = fizzbuzz.content().tests().stream().filter(t -> !t.hidden()).findFirst().orElseThrow();
        assertThat(text).contains(firstVisible.name());
        assertNothingSecret(text, fizzbuzz);

        // the conversation and its answer are kept, and the remaining count says 9
        String conversation = accepted.get("conversationId").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/tutor/conversations/" + conversation
                + "/messages", learner.token()).json().get("messages").get(0).get("status").asString().equals("answered"));
        JsonNode messages = api.get("/api/tutor/conversations/" + conversation + "/messages", learner.token()).json();
        assertThat(messages.get("contextKind").asString()).isEqualTo("challenge");
        assertThat(messages.get("messages").get(0).get("answer").asString()).isEqualTo(text);
        JsonNode allowance = api.get("/api/tutor/allowance", learner.token()).json();
        assertThat(allowance.get("remaining").asInt()).isEqualTo(9);
        assertThat(allowance.get("used").asInt()).isEqualTo(1);
        assertThat(allowance.get("plan").asString()).isEqualTo("free");
    }

    @Test
    void fiftyParallelQuestionsAtALimitOfTenAnswerExactlyTenAndRefuseFortyWith429() throws Exception {
        Learner learner = register("Pacific/Auckland");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Api.Response>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                int n = i;
                calls.add(pool.submit(() -> TutorStreams.post(new Api(port), learner.token(),
                        Map.of("question", "What is a list, take " + n + "?", "contextKind", "general"))));
            }
            int answered = 0;
            int refused = 0;
            for (Future<Api.Response> call : calls) {
                Api.Response response = call.get();
                if (response.status() == 200) {
                    answered++;
                    assertThat(TutorStreams.parse(response.text()).stream().map(TutorStreams.Event::name))
                            .contains("accepted", "answered");
                } else {
                    refused++;
                    assertProblem(response, 429, "tutor-daily-limit");
                    assertThat(response.json().get("remaining").asInt()).isZero();
                    assertThat(response.json().get("limit").asInt()).isEqualTo(10);
                    Instant reset = Instant.parse(response.json().get("resetAt").asString());
                    assertThat(reset).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(25)));
                    assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
                }
            }
            assertThat(answered).isEqualTo(10);
            assertThat(refused).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
        long asked = jdbc.sql("""
                        SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?
                          AND payload_type = 'dev.pylearn.api.tutor.TutorQuestionAsked'""")
                .param(learner.learnerId()).query(Long.class).single();
        assertThat(asked).isEqualTo(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/tutor/allowance", learner.token()).json()
                .get("used").asInt() == 10);
        assertThat(api.get("/api/tutor/allowance", learner.token()).json().get("remaining").asInt()).isZero();
    }

    @Test
    void providerFailuresAndTimeOutsEndWithAClearMessageAndAreNotCounted() {
        Learner learner = register();
        TutorModel failing = FakeTutors.model(prompt -> {
            throw new IllegalStateException("connection refused");
        });
        TutorModel slow = FakeTutors.model(prompt -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TutorReply("too late", "fake", "slow", 1, 1);
        });
        for (TutorModel model : List.of(failing, slow)) {
            TutorService service = service(model, Duration.ofSeconds(1));
            CompletableFuture<String> failed = new CompletableFuture<>();
            TutorService.Asked asked = service.ask(learner.learnerId(), null, "lesson", "hello-world",
                    "What does print do?", listener(failed));
            assertThat(asked.allowance().remaining()).isEqualTo(9);
            String message = failed.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(message).contains("could not answer").contains("not counted against your daily limit");
            await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(jdbc.sql(
                    "SELECT status FROM tutor_message WHERE question_id = ?").param(asked.questionId())
                    .query(String.class).optional().orElse(null)));
        }
        assertThat(jdbc.sql("SELECT failure FROM tutor_message WHERE learner_id = ? ORDER BY asked_at")
                .param(learner.learnerId()).query(String.class).list())
                .satisfiesExactly(first -> assertThat(first).contains("IllegalStateException"),
                        second -> assertThat(second).contains("took longer than 1 s"));
        JsonNode allowance = api.get("/api/tutor/allowance", learner.token()).json();
        assertThat(allowance.get("used").asInt()).isZero();
        assertThat(allowance.get("remaining").asInt()).isEqualTo(10);
    }

    @Test
    void conversationsAndTheirHistoryAreKeysetPaged() {
        Learner learner = register();
        String conversation = null;
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> question = new java.util.HashMap<>(Map.of("question", "Question " + i + " about loops",
                    "contextKind", "lesson", "contextId", "hello-world"));
            if (conversation != null) {
                question.put("conversationId", conversation);
            }
            TutorStreams.Answer answer = TutorStreams.ask(api, learner.token(), question);
            conversation = answer.first("accepted").data().get("conversationId").asString();
        }
        String id = conversation;
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/tutor/conversations/" + id + "/messages?limit=50",
                learner.token()).json().get("messages").size() == 3);
        JsonNode first = api.get("/api/tutor/conversations/" + id + "/messages?limit=2", learner.token()).json();
        assertThat(first.get("messages").valueStream().map(m -> m.get("question").asString()))
                .containsExactly("Question 3 about loops", "Question 2 about loops");
        String next = first.get("next").asString();
        JsonNode second = api.get("/api/tutor/conversations/" + id + "/messages?limit=2&before="
                + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8), learner.token()).json();
        assertThat(second.get("messages").valueStream().map(m -> m.get("question").asString()))
                .containsExactly("Question 1 about loops");
        assertThat(second.get("next").isNull()).isTrue();

        JsonNode conversations = api.get("/api/tutor/conversations", learner.token()).json();
        assertThat(conversations.get("conversations")).hasSize(1);
        assertThat(conversations.get("conversations").get(0).get("questions").asInt()).isEqualTo(3);
        assertThat(conversations.get("conversations").get(0).get("title").asString()).isEqualTo("Question 1 about loops");

        // another learner sees none of it
        Learner other = register();
        assertProblem(api.get("/api/tutor/conversations/" + id + "/messages", other.token()), 404, "unknown-conversation");
        assertThat(api.get("/api/tutor/conversations", other.token()).json().get("conversations")).isEmpty();
    }

    @Test
    void badQuestionsAreRefusedWithAProblemAndCountNothing() {
        Learner learner = register();
        assertProblem(TutorStreams.post(api, learner.token(), Map.of("question", " ", "contextKind", "general")), 400,
                "missing-question");
        assertProblem(TutorStreams.post(api, learner.token(), Map.of("question", "x".repeat(2001))), 400,
                "question-too-long");
        assertProblem(TutorStreams.post(api, learner.token(), Map.of("question", "Why?", "contextKind", "challenge",
                "contextId", "no-such-challenge")), 404, "unknown-challenge");
        assertProblem(TutorStreams.post(api, learner.token(), Map.of("question", "Why?", "contextKind", "homework",
                "contextId", "x")), 400, "unknown-tutor-context");
        assertProblem(TutorStreams.post(api, learner.token(), Map.of("question", "Why?", "contextKind", "lesson")), 400,
                "missing-context-id");
        assertProblem(TutorStreams.post(api, null, Map.of("question", "Why?")), 401, "authentication-required");
        assertProblem(api.get("/api/tutor/conversations?limit=500", learner.token()), 400, "invalid-page-size");
        assertProblem(api.get("/api/tutor/conversations?before=yesterday", learner.token()), 400, "invalid-cursor");
        assertThat(api.get("/api/tutor/allowance", learner.token()).json().get("remaining").asInt()).isEqualTo(10);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE 'dev.pylearn.api.tutor.%'")
                .param(learner.learnerId()).query(Long.class).single()).isZero();
    }

    /** No hidden test's name, input or expected output, and no line of the reference solution. */
    static void assertNothingSecret(String text, CatalogImporter.ChallengeFile challenge) {
        String shown = challenge.content().statement() + challenge.starterCode();
        for (ChallengeTest test : challenge.content().tests()) {
            if (!test.hidden()) {
                shown += test.display();
            }
        }
        for (ChallengeTest test : challenge.content().tests()) {
            if (test.hidden()) {
                assertThat(text).doesNotContain(test.name());
                for (String secret : new String[] {test.stdin(), test.expectedStdout()}) {
                    if (secret != null && !secret.isBlank() && !shown.contains(secret.strip())) {
                        assertThat(text).doesNotContain(secret.strip());
                    }
                }
                for (ChallengeTest.Step step : test.steps()) {
                    if (!shown.contains(step.code())) {
                        assertThat(text).doesNotContain(step.code());
                    }
                }
            }
        }
        for (String line : challenge.solution().lines().map(String::strip).toList()) {
            if (line.length() > 12 && !shown.contains(line)) {
                assertThat(text).as("a line of the reference solution").doesNotContain(line);
            }
        }
    }

    private static TutorService.Listener listener(CompletableFuture<String> failed) {
        return new TutorService.Listener() {
            @Override
            public void token(String text) {
            }

            @Override
            public void answered(TutorReply reply, long latencyMs) {
                failed.completeExceptionally(new AssertionError("answered: " + reply.text()));
            }

            @Override
            public void failed(String message) {
                failed.complete(message);
            }
        };
    }
}
