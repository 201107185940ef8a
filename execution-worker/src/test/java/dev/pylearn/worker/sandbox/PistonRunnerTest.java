package dev.pylearn.worker.sandbox;

import static dev.pylearn.worker.sandbox.PistonStub.drop;
import static dev.pylearn.worker.sandbox.PistonStub.dropAfter;
import static dev.pylearn.worker.sandbox.PistonStub.slow;
import static dev.pylearn.worker.sandbox.PistonStub.tooManyRequests;
import static dev.pylearn.worker.sandbox.PistonStub.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.worker.evaluation.BackendGuard;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PistonRunner and BackendGuard against PistonStub on 127.0.0.1: mostly with an in-memory runner
 * behind the stub (the code's execution is not the point there), and with the real bubblewrap
 * sandbox where it is.
 */
class PistonRunnerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeRunner fake;
    private PistonStub stub;

    @BeforeEach
    void startStub() {
        fake = new FakeRunner();
        stub = new PistonStub(fake);
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    // --- PistonRunner -------------------------------------------------------------------------

    @Test
    void readsRuntimesOnceAndPicksNewestPythonMatchingPrefix() {
        PistonRunner runner = runner(stub);

        runner.run(hello());
        runner.run(hello());

        assertThat(stub.runtimesCalls()).isEqualTo(1);
        assertThat(stub.executeCalls()).isEqualTo(2);
        assertThat(stub.lastExecuteRequest().path("version").asString()).isEqualTo("3.11.7");
        assertThat(runner.describe()).contains("3.11.7");
    }

    @Test
    void comparesVersionsAsNumbersNotStrings() {
        stub.setRuntimes(List.of(new PistonStub.Runtime("python", "3.9.18", List.of(), null),
                new PistonStub.Runtime("python", "3.10.0", List.of(), null),
                new PistonStub.Runtime("python", "2.7.18", List.of(), null)));

        runner(stub).run(hello());

        assertThat(stub.lastExecuteRequest().path("version").asString()).isEqualTo("3.10.0");
    }

    @Test
    void narrowerPrefixPicksWithinItsLine() {
        PistonRunner runner = new PistonRunner(stub.baseUrl(), "3.10", Duration.ofSeconds(3), 256L << 20,
                Duration.ofSeconds(2));

        runner.run(hello());

        assertThat(stub.lastExecuteRequest().path("version").asString()).isEqualTo("3.10.0");
    }

    @Test
    void noPythonMatchingPrefixIsAConfigurationError() {
        PistonRunner runner = new PistonRunner(stub.baseUrl(), "4.", Duration.ofSeconds(3), 256L << 20,
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> runner.run(hello())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no python 4.*");
        assertThat(stub.executeCalls()).isZero();
    }

    @Test
    void sendsEntryFirstWithAllFilesStdinAndTimeoutCappedToServerLimit() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("solution.py", "def f(): return 1\n");
        files.put("test.py", "assert f() == 1\n");
        files.put("check.py", "print('checked')\n");
        PistonRunner runner = runner(stub);

        RunResult result = runner.run(new RunRequest(files, "check.py", "line 1\nline 2\n", Duration.ofSeconds(10)));

        JsonNode sent = stub.lastExecuteRequest();
        assertThat(sent.path("language").asString()).isEqualTo("python");
        assertThat(sent.path("version").asString()).isEqualTo("3.11.7");
        assertThat(sent.path("files")).hasSize(3);
        assertThat(sent.path("files").get(0).path("name").asString()).isEqualTo("check.py");
        assertThat(sent.path("files").get(0).path("content").asString()).isEqualTo("print('checked')\n");
        List<String> names = new ArrayList<>();
        sent.path("files").forEach(file -> names.add(file.path("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("check.py", "solution.py", "test.py");
        assertThat(sent.path("stdin").asString()).isEqualTo("line 1\nline 2\n");
        assertThat(sent.path("run_timeout").asLong()).isEqualTo(3000);
        assertThat(sent.path("run_cpu_time").asLong()).isEqualTo(3000);
        assertThat(sent.path("run_memory_limit").asLong()).isEqualTo(256L << 20);
        // and the stub handed the same run to the runner behind it
        RunRequest received = fake.received.get(0);
        assertThat(received.entry()).isEqualTo("check.py");
        assertThat(received.files()).isEqualTo(files);
        assertThat(received.stdin()).isEqualTo("line 1\nline 2\n");
        assertThat(received.timeLimit()).isEqualTo(Duration.ofSeconds(3));
        assertThat(result.stdout()).isEqualTo("ok");
        assertThat(result.exitCode()).isZero();

        runner.run(new RunRequest(files, "check.py", null, Duration.ofMillis(1500)));

        assertThat(stub.lastExecuteRequest().path("run_timeout").asLong()).isEqualTo(1500);
        assertThat(stub.lastExecuteRequest().path("stdin").asString()).isEmpty();
    }

    @Test
    void tooManyRequestsIsTransientWithRetryAfter() {
        PistonRunner runner = runner(stub);
        stub.enqueue(tooManyRequests(Duration.ofSeconds(7)));

        assertThatThrownBy(() -> runner.run(hello())).isInstanceOfSatisfying(TransientBackendException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(stub.faultsInjected()).isEqualTo(1);
        assertThat(runner.run(hello()).stdout()).isEqualTo("ok");
    }

    @Test
    void serviceUnavailableIsTransient() {
        PistonRunner runner = runner(stub);
        stub.enqueue(unavailable());

        assertThatThrownBy(() -> runner.run(hello())).isInstanceOfSatisfying(TransientBackendException.class,
                e -> assertThat(e.retryAfter()).isNull());
        assertThat(fake.received).isEmpty();
    }

    @Test
    void slowAnswerWithinRequestTimeoutSucceeds() {
        PistonRunner runner = runner(stub);
        stub.enqueue(slow(Duration.ofMillis(600)));

        RunResult result = runner.run(hello());

        assertThat(result.stdout()).isEqualTo("ok");
        assertThat(stub.faultsInjected()).isEqualTo(1);
    }

    @Test
    void droppedConnectionIsTransientAndNotRetriedByTheHttpClient() {
        PistonRunner runner = runner(stub);
        runner.run(hello()); // resolves the runtime and leaves a pooled connection to drop
        stub.enqueue(drop(), dropAfter(Duration.ofMillis(300)));

        assertThatThrownBy(() -> runner.run(hello())).isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("could not be reached");
        assertThatThrownBy(() -> runner.run(hello())).isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("could not be reached");
        // a POST is not silently resent: each drop was one call
        assertThat(stub.executeCalls()).isEqualTo(3);
        assertThat(runner.run(hello()).stdout()).isEqualTo("ok");
        assertThat(stub.executeCalls()).isEqualTo(4);
    }

    @Test
    void refusedConnectionIsTransient() {
        PistonRunner runner = runner(stub);
        runner.run(hello());
        stub.close();

        assertThatThrownBy(() -> runner.run(hello())).isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void unknownRuntimeIsTheRequestsFaultNotTransient() {
        PistonRunner runner = runner(stub);
        runner.run(hello());
        // the server is redeployed without the version the runner resolved
        stub.setRuntimes(List.of(PistonStub.DEFAULT_RUNTIMES.get(0), PistonStub.DEFAULT_RUNTIMES.get(2)));

        assertThatThrownBy(() -> runner.run(hello())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400").hasMessageContaining("python-3.11.7 runtime is unknown");
        assertThat(stub.executeCalls()).isEqualTo(2);
        assertThat(stub.runtimesCalls()).isEqualTo(1);
    }

    @Test
    void runTimeoutAboveServerLimitIsRefused() {
        stub.setRunTimeoutLimitMs(1000);
        PistonRunner runner = runner(stub);

        assertThatThrownBy(() -> runner.run(new RunRequest(Map.of("main.py", "pass"), "main.py", "",
                Duration.ofSeconds(2)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run_timeout cannot exceed the configured limit of 1000");
        assertThat(fake.received).isEmpty();
    }

    @Test
    void timedOutProgramMapsToTimedOut() {
        fake.behaviour = request -> new RunResult("partial", "", 137, true, false, 1000);

        RunResult result = runner(stub).run(hello());

        assertThat(result.timedOut()).isTrue();
        assertThat(result.outputTruncated()).isFalse();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout()).isEqualTo("partial");
    }

    @Test
    void outputFloodMapsToOutputTruncated() {
        fake.behaviour = request -> new RunResult("xxxx", "", 137, false, true, 5);

        RunResult result = runner(stub).run(hello());

        assertThat(result.outputTruncated()).isTrue();
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void failingProgramKeepsItsExitCodeAndStderr() {
        fake.behaviour = request -> new RunResult("", "Traceback ...\nValueError: no\n", 1, false, false, 5);

        RunResult result = runner(stub).run(hello());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).endsWith("ValueError: no\n");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.outputTruncated()).isFalse();
    }

    @Test
    void runsRealPythonThroughStubAndSandbox() {
        LocalSandbox sandbox = new LocalSandbox("/usr/bin/python3", false, 4, 256L << 20, 65536);
        try (PistonStub real = new PistonStub(sandbox)) {
            PistonRunner runner = runner(real);
            Map<String, String> files = new LinkedHashMap<>();
            files.put("helper.py", "def shout(s):\n    return s.upper() + '!'\n");
            files.put("main.py", "import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\n"
                    + "import helper\nprint(helper.shout(input()))\n");

            RunResult hello = runner.run(new RunRequest(files, "main.py", "hello\n", Duration.ofSeconds(3)));
            RunResult failing = runner.run(new RunRequest(Map.of("main.py",
                    "import sys\nprint('oops', file=sys.stderr)\nsys.exit(3)\n"), "main.py", "", Duration.ofSeconds(3)));
            RunResult sleeping = runner.run(new RunRequest(Map.of("main.py", "import time\ntime.sleep(30)\n"),
                    "main.py", "", Duration.ofMillis(800)));
            RunResult flooding = runner.run(new RunRequest(Map.of("main.py", "print('x' * 200000)\n"), "main.py",
                    "", Duration.ofSeconds(3)));

            assertThat(hello.stdout()).isEqualTo("HELLO!\n");
            assertThat(hello.exitCode()).isZero();
            assertThat(hello.timedOut()).isFalse();
            assertThat(failing.exitCode()).isEqualTo(3);
            assertThat(failing.stderr()).contains("oops");
            assertThat(sleeping.timedOut()).isTrue();
            assertThat(flooding.outputTruncated()).isTrue();
            assertThat(flooding.timedOut()).isFalse();
            assertThat(real.executeCalls()).isEqualTo(4);
        }
    }

    @Test
    void retryAfterIsHonouredOnlyUpToTheConfiguredMaximum() {
        PistonRunner runner = runner(stub, Duration.ofSeconds(2));
        stub.enqueue(tooManyRequests(Duration.ofHours(1)),
                status429("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusHours(1))),
                status429("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusHours(-1))),
                status429("Retry-After", "1"));

        assertThat(retryAfterOf(runner)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retryAfterOf(runner)).as("an HTTP date an hour ahead").isEqualTo(Duration.ofSeconds(2));
        assertThat(retryAfterOf(runner)).as("an HTTP date in the past").isEqualTo(Duration.ZERO);
        assertThat(retryAfterOf(runner)).as("below the cap").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aServerAskingForAnHourDoesNotParkTheWorkerThreadForAnHour() {
        BackendGuard guard = guard(runner(stub, Duration.ofSeconds(1)), 2, 1000, new SimpleMeterRegistry());
        stub.enqueue(tooManyRequests(Duration.ofHours(1)));

        long started = System.nanoTime();
        RunResult result = guard.run(hello());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(result.stdout()).isEqualTo("ok");
        assertThat(waitedMs).isBetween(1000L, 10_000L);
    }

    @Test
    void aHugeRunAnswerIsNotReadWholeAndCountsAsOutputOverTheLimit() {
        PistonRunner runner = new PistonRunner(stub.baseUrl(), "3.", Duration.ofSeconds(3), 256L << 20,
                Duration.ofSeconds(2), Duration.ofSeconds(10), 1 << 20);
        runner.run(hello());
        stub.enqueue(PistonStub.huge(2L << 30, false), PistonStub.huge(2L << 30, true));

        RunResult streamed = runner.run(hello());
        long sentWhileStreaming = stub.hugeBytesSent();
        RunResult declared = runner.run(hello());

        assertThat(streamed.outputTruncated()).isTrue();
        assertThat(streamed.stdout()).isEmpty();
        // the client stopped reading past 1 MB: what the server could push is what the socket buffers held
        assertThat(sentWhileStreaming).isLessThan(64L << 20);
        assertThat(declared.outputTruncated()).isTrue();
        assertThat(runner.run(hello()).stdout()).as("the runner still works").isEqualTo("ok");
    }

    @Test
    void pistonFailingInternallyIsTheRunnersFaultNotTheCodes() {
        PistonRunner runner = runner(stub);
        stub.enqueue(PistonStub.status(200, "{\"run\":{\"stdout\":\"\",\"stderr\":\"\",\"code\":null,"
                + "\"signal\":null,\"status\":\"XX\",\"message\":\"box setup failed\"}}"),
                PistonStub.status(200, "{\"message\":\"no run here\"}"));

        assertThatThrownBy(() -> runner.run(hello())).isInstanceOf(TransientBackendException.class)
                .hasMessage("the code runner is unavailable: Piston failed to run the code: box setup failed");
        assertThatThrownBy(() -> runner.run(hello())).isInstanceOf(TransientBackendException.class)
                .hasMessageStartingWith("the code runner is unavailable: Piston answered without a run result");
    }

    // --- PistonStub itself --------------------------------------------------------------------

    @Test
    void stubValidatesLikePiston() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String good = "{\"language\":\"python\",\"version\":\"3.11.7\",\"files\":[{\"name\":\"a.py\","
                + "\"content\":\"print(1)\"}],\"run_timeout\":1000}";

        HttpResponse<String> notJson = post(http, "text/plain", good);
        HttpResponse<String> unknown = post(http, "application/json", good.replace("python", "cobol"));
        HttpResponse<String> tooLong = post(http, "application/json", good.replace("1000", "5000"));
        HttpResponse<String> ok = post(http, "application/json; charset=utf-8", good);
        HttpResponse<String> runtimes = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl()
                + "/api/v2/runtimes")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(notJson.statusCode()).isEqualTo(415);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("message").asString())
                .isEqualTo("cobol-3.11.7 runtime is unknown");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).path("message").asString())
                .isEqualTo("run_timeout cannot exceed the configured limit of 3000");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode run = JSON.readTree(ok.body()).path("run");
        assertThat(run.path("stdout").asString()).isEqualTo("ok");
        assertThat(run.path("code").asInt()).isZero();
        assertThat(run.path("signal").isNull()).isTrue();
        assertThat(fake.received).hasSize(1);
        assertThat(stub.executeCalls()).isEqualTo(4);
        List<String> listed = new ArrayList<>();
        JSON.readTree(runtimes.body()).forEach(r -> listed.add(r.path("language").asString() + "-"
                + r.path("version").asString()));
        assertThat(listed).containsExactly("python-3.10.0", "python-3.11.7", "javascript-18.15.0");
    }

    @Test
    void stubServesConcurrentCalls() throws Exception {
        PistonRunner runner = runner(stub);
        runner.run(hello());
        // every run waits for the other three: a stub that served one call at a time would fail here
        CyclicBarrier together = new CyclicBarrier(4);
        fake.behaviour = request -> {
            try {
                together.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("runs were not concurrent", e);
            }
            return new RunResult("ok", "", 0, false, false, 1);
        };
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<RunResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(callers.submit(() -> runner.run(hello())));
            }
            for (Future<RunResult> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).stdout()).isEqualTo("ok");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(stub.executeCalls()).isEqualTo(5);
    }

    // --- BackendGuard -------------------------------------------------------------------------

    @Test
    void guardRetriesTooManyRequestsAndUnavailableUntilSuccess() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        BackendGuard guard = guard(runner(stub), 5, 1000, metrics);
        stub.enqueue(tooManyRequests(), unavailable(), tooManyRequests());

        RunResult result = guard.run(hello());

        assertThat(result.stdout()).isEqualTo("ok");
        assertThat(stub.executeCalls()).isEqualTo(4);
        assertThat(fake.received).hasSize(1);
        assertThat(metrics.counter("pylearn.worker.backend.retries").count()).isEqualTo(3);
        assertThat(metrics.counter("pylearn.worker.backend.errors").count()).isZero();
    }

    @Test
    void guardWaitsAtLeastRetryAfter() {
        BackendGuard guard = guard(runner(stub), 3, 1000, new SimpleMeterRegistry());
        stub.enqueue(tooManyRequests(Duration.ofSeconds(1)));

        assertThat(guard.run(hello()).stdout()).isEqualTo("ok");

        List<Long> arrivals = stub.executeArrivals();
        assertThat(arrivals).hasSize(2);
        // the backoff alone would be about 10 ms
        assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void guardGivesUpAfterMaxAttempts() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        BackendGuard guard = guard(runner(stub), 3, 1000, metrics);
        stub.enqueue(unavailable(), unavailable(), unavailable(), unavailable());

        assertThatThrownBy(() -> guard.run(hello())).isInstanceOf(TransientBackendException.class)
                .hasMessageContaining("503");
        assertThat(stub.executeCalls()).isEqualTo(3);
        assertThat(fake.received).isEmpty();
        assertThat(metrics.counter("pylearn.worker.backend.retries").count()).isEqualTo(2);
        assertThat(metrics.counter("pylearn.worker.backend.errors").count()).isEqualTo(1);
    }

    @Test
    void guardDoesNotRetryRequestFaults() {
        stub.setRunTimeoutLimitMs(1000);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        BackendGuard guard = guard(runner(stub), 5, 1000, metrics);

        assertThatThrownBy(() -> guard.run(new RunRequest(Map.of("main.py", "pass"), "main.py", "",
                Duration.ofSeconds(2)))).isInstanceOf(IllegalStateException.class);
        assertThat(stub.executeCalls()).isEqualTo(1);
        assertThat(metrics.counter("pylearn.worker.backend.retries").count()).isZero();
    }

    @Test
    void guardRidesOutSeededRandomFaults() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        BackendGuard guard = guard(runner(stub), 8, 1000, metrics);
        stub.randomFaults(42, tooManyRequests().withProbability(0.3), unavailable().withProbability(0.1));

        for (int i = 0; i < 20; i++) {
            assertThat(guard.run(hello()).stdout()).isEqualTo("ok");
        }

        assertThat(stub.faultsInjected()).isPositive();
        assertThat(stub.executeCalls()).isEqualTo(20 + stub.faultsInjected());
        assertThat(fake.received).hasSize(20);
        assertThat(metrics.counter("pylearn.worker.backend.retries").count()).isEqualTo(stub.faultsInjected());
    }

    @Test
    void guardRateLimitSpacesCalls() {
        BackendGuard guard = guard(runner(stub), 3, 5, new SimpleMeterRegistry());

        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            guard.run(hello());
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // 5 tokens at once, then one every 200 ms: the 10th call cannot start before about 1 s
        assertThat(elapsedMs).isGreaterThanOrEqualTo(900);
        assertThat(stub.executeCalls()).isEqualTo(10);
    }

    // --- helpers ------------------------------------------------------------------------------

    private static PistonRunner runner(PistonStub target) {
        return new PistonRunner(target.baseUrl(), "3.", Duration.ofSeconds(3), 256L << 20, Duration.ofSeconds(2));
    }

    private static PistonRunner runner(PistonStub target, Duration maxRetryAfter) {
        return new PistonRunner(target.baseUrl(), "3.", Duration.ofSeconds(3), 256L << 20, Duration.ofSeconds(2),
                maxRetryAfter, 1 << 20);
    }

    private static PistonStub.Fault status429(String header, String value) {
        return new PistonStub.Answer(429, Map.of(header, value), "{\"message\":\"Too many requests\"}");
    }

    private static Duration retryAfterOf(PistonRunner runner) {
        try {
            runner.run(hello());
        } catch (TransientBackendException e) {
            return e.retryAfter();
        }
        throw new AssertionError("expected a 429");
    }

    private static BackendGuard guard(CodeRunner runner, int maxAttempts, int perSecond, SimpleMeterRegistry metrics) {
        Bucket bucket = Bucket.builder().addLimit(Bandwidth.builder().capacity(perSecond)
                .refillGreedy(perSecond, Duration.ofSeconds(1)).build()).build();
        return new BackendGuard(runner, bucket.asBlocking(), maxAttempts, Duration.ofMillis(10),
                Duration.ofMillis(50), metrics);
    }

    private static RunRequest hello() {
        return new RunRequest(Map.of("main.py", "print('hello')\n"), "main.py", "", Duration.ofSeconds(1));
    }

    private HttpResponse<String> post(HttpClient http, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/api/v2/execute"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Answers "ok" at once unless told otherwise, and keeps what it was asked to run. */
    private static final class FakeRunner implements CodeRunner {

        final List<RunRequest> received = new CopyOnWriteArrayList<>();
        volatile Function<RunRequest, RunResult> behaviour = request -> new RunResult("ok", "", 0, false, false, 1);

        @Override
        public RunResult run(RunRequest request) {
            received.add(request);
            return behaviour.apply(request);
        }

        @Override
        public String describe() {
            return "in-memory fake";
        }
    }
}
