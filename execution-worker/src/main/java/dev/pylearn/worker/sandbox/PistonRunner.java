package dev.pylearn.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs code on a self-hosted Piston v2 ({@code POST /api/v2/execute}). The Python version is read
 * from {@code GET /api/v2/runtimes} on first use (newest matching the configured prefix), and run
 * time limits are fitted to the server's limit instead of being discovered as 400s. One pooled
 * HTTP client keeps connections open. 429 (with Retry-After), 5xx, refused or dropped connections
 * and time-outs are transient; any other refusal is the request's fault and is reported as such.
 *
 * <p>Whatever the server answers costs bounded time and memory: a Retry-After is honoured only up to
 * {@code maxRetryAfter} (a server asking for an hour must not park a worker thread for an hour; the
 * retries give up instead), and a response body is read only up to {@code maxResponseBytes}: past
 * it the exchange is cancelled, and a run's oversized answer counts as output over the limit. A run
 * Piston itself failed (status XX, or an answer that is no run result) is the runner's fault.
 */
public class PistonRunner implements CodeRunner {

    private static final Logger log = LoggerFactory.getLogger(PistonRunner.class);

    private final URI base;
    private final String versionPrefix;
    private final Duration maxRunTimeout;
    private final long memoryBytes;
    private final Duration maxRetryAfter;
    private final long maxResponseBytes;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile String version;

    /** Retry-After honoured up to 10 s, response bodies up to 1 MB. */
    public PistonRunner(String baseUrl, String versionPrefix, Duration maxRunTimeout, long memoryBytes,
                        Duration connectTimeout) {
        this(baseUrl, versionPrefix, maxRunTimeout, memoryBytes, connectTimeout, Duration.ofSeconds(10), 1 << 20);
    }

    public PistonRunner(String baseUrl, String versionPrefix, Duration maxRunTimeout, long memoryBytes,
                        Duration connectTimeout, Duration maxRetryAfter, long maxResponseBytes) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.versionPrefix = versionPrefix;
        this.maxRunTimeout = maxRunTimeout;
        this.memoryBytes = memoryBytes;
        this.maxRetryAfter = maxRetryAfter;
        this.maxResponseBytes = maxResponseBytes;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String describe() {
        return "Piston at " + base + " (python " + (version == null ? versionPrefix + "*, resolved on first run"
                : version) + ")";
    }

    @Override
    public RunResult run(RunRequest request) {
        String runtime = runtimeVersion();
        List<Map<String, String>> files = new ArrayList<>();
        // Piston runs the first file as "python3.x <file>" (its python package's run script) in a folder
        // with the others: exit() exists and the harness can import solution.py beside it
        files.add(Map.of("name", request.entry(), "content", request.files().get(request.entry())));
        request.files().forEach((name, content) -> {
            if (!name.equals(request.entry())) {
                files.add(Map.of("name", name, "content", content));
            }
        });
        long timeout = Math.min(request.timeLimit().toMillis(), maxRunTimeout.toMillis());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("language", "python");
        body.put("version", runtime);
        body.put("files", files);
        body.put("stdin", request.stdin() == null ? "" : request.stdin());
        body.put("args", List.of());
        body.put("run_timeout", timeout);
        body.put("run_cpu_time", timeout);
        body.put("run_memory_limit", memoryBytes);
        long started = System.nanoTime();
        Body response = send(HttpRequest.newBuilder(base.resolve("api/v2/execute"))
                .timeout(Duration.ofMillis(timeout).plusSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        if (response.oversized()) {
            // only the learner's output makes an answer this large; none of it was kept
            return new RunResult("", "", -1, false, true, durationMs);
        }
        JsonNode run = runResult(response.text());
        String signal = run.path("signal").isNull() ? null : run.path("signal").asString(null);
        String status = run.path("status").isNull() ? null : run.path("status").asString(null);
        // trust Piston's status when it gives one; older servers only say SIGKILL with no exit code
        boolean timedOut = status != null ? "TO".equals(status)
                : "SIGKILL".equals(signal) && run.path("code").isNull();
        if ("XX".equals(status)) {
            throw new TransientBackendException(CodeRunnerCanary.UNAVAILABLE + ": Piston failed to run the code: "
                    + run.path("message").asString("internal error"), null, null);
        }
        boolean truncated = "OL".equals(status) || "EL".equals(status);
        int code = run.path("code").isNumber() ? run.path("code").asInt() : -1;
        return new RunResult(run.path("stdout").asString(""), run.path("stderr").asString(""), code, timedOut,
                truncated, durationMs);
    }

    private String runtimeVersion() {
        if (version == null) {
            Body response = send(HttpRequest.newBuilder(base.resolve("api/v2/runtimes"))
                    .timeout(Duration.ofSeconds(10)).GET());
            if (response.oversized()) {
                throw new IllegalStateException("Piston at " + base + " listed runtimes in more than " + maxResponseBytes
                        + " bytes");
            }
            String best = null;
            for (JsonNode runtime : json.readTree(response.text())) {
                String language = runtime.path("language").asString("");
                String candidate = runtime.path("version").asString("");
                if ((language.equals("python") || language.equals("python3")) && candidate.startsWith(versionPrefix)
                        && (best == null || compareVersions(candidate, best) > 0)) {
                    best = candidate;
                }
            }
            if (best == null) {
                throw new IllegalStateException("Piston at " + base + " has no python " + versionPrefix + "* runtime");
            }
            version = best;
            log.info("Piston at {}: using python {}", base, best);
        }
        return version;
    }

    /** A JSON object with a "run" object, or the runner's fault. */
    private JsonNode runResult(String body) {
        try {
            JsonNode run = json.readTree(body).path("run");
            if (run.isObject()) {
                return run;
            }
        } catch (JacksonException e) {
            // not JSON at all
        }
        throw new TransientBackendException(CodeRunnerCanary.UNAVAILABLE + ": Piston answered without a run result: "
                + (body.length() <= 200 ? body : body.substring(0, 200) + "..."), null, null);
    }

    /** A response body read up to the size limit; {@code oversized} when the server sent more. */
    private record Body(String text, boolean oversized) {
    }

    private Body send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        Duration deadline = request.timeout().orElse(Duration.ofSeconds(10)).plusSeconds(5);
        CompletableFuture<HttpResponse<Body>> exchange = http.sendAsync(request,
                info -> new CappedBody(info.headers().firstValueAsLong("Content-Length").orElse(-1), maxResponseBytes));
        HttpResponse<Body> response;
        try {
            // the whole exchange, body included, within the request's own time-out and a little more
            response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new TransientBackendException("Piston did not answer in time", null, cause);
            }
            throw new TransientBackendException("Piston could not be reached: " + cause, null, cause);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new TransientBackendException("Piston did not answer in time", null, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted", null, e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new TransientBackendException("Piston answered " + status, retryAfter(response), null);
        }
        if (status >= 400) {
            String text = response.body().oversized() ? "(a body over " + maxResponseBytes + " bytes)"
                    : response.body().text();
            if (text.contains("runtime is unknown")) {
                version = null; // the server's runtimes changed: read them again on the next run
            }
            throw new IllegalStateException("Piston refused the request (" + status + "): " + text);
        }
        return response.body();
    }

    /** The server's Retry-After (seconds or an HTTP date), at most {@code maxRetryAfter}; null without one. */
    private Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).map(value -> {
            Duration wait;
            try {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(Instant.now(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException neither) {
                    return null;
                }
            }
            if (wait.isNegative()) {
                return Duration.ZERO;
            }
            return wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait;
        }).orElse(null);
    }

    /**
     * Collects a response body up to a limit. Past it (or when Content-Length already says so) it cancels
     * the exchange, which closes the connection, so an endless or huge body costs at most the limit.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<Body> {

        private final long limit;
        private final boolean declaredTooLarge;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Body> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long contentLength, long limit) {
            this.limit = limit;
            this.declaredTooLarge = contentLength > limit;
        }

        @Override
        public CompletionStage<Body> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declaredTooLarge) {
                oversized();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    oversized();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(new Body(bytes.toString(StandardCharsets.UTF_8), false));
        }

        private void oversized() {
            body.complete(new Body(null, true));
            subscription.cancel();
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0;
            int q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String part) {
        try {
            return Integer.parseInt(part.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
