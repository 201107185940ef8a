package dev.pylearn.worker.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs code on a self-hosted Piston v2 ({@code POST /api/v2/execute}). The Python version is read
 * from {@code GET /api/v2/runtimes} on first use (newest matching the configured prefix), and run
 * time limits are fitted to the server's limit instead of being discovered as 400s. One pooled
 * HTTP client keeps connections open. 429 (with Retry-After), 5xx, refused or dropped connections
 * and time-outs are transient; any other refusal is the request's fault and is reported as such.
 */
public class PistonRunner implements CodeRunner {

    private static final Logger log = LoggerFactory.getLogger(PistonRunner.class);

    private final URI base;
    private final String versionPrefix;
    private final Duration maxRunTimeout;
    private final long memoryBytes;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile String version;

    public PistonRunner(String baseUrl, String versionPrefix, Duration maxRunTimeout, long memoryBytes,
                        Duration connectTimeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.versionPrefix = versionPrefix;
        this.maxRunTimeout = maxRunTimeout;
        this.memoryBytes = memoryBytes;
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
        // Piston runs the first file
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
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("api/v2/execute"))
                .timeout(Duration.ofMillis(timeout).plusSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        JsonNode run = json.readTree(response.body()).path("run");
        String signal = run.path("signal").isNull() ? null : run.path("signal").asString(null);
        String status = run.path("status").isNull() ? null : run.path("status").asString(null);
        // trust Piston's status when it gives one; older servers only say SIGKILL with no exit code
        boolean timedOut = status != null ? "TO".equals(status)
                : "SIGKILL".equals(signal) && run.path("code").isNull();
        boolean truncated = "OL".equals(status) || "EL".equals(status);
        int code = run.path("code").isNumber() ? run.path("code").asInt() : -1;
        return new RunResult(run.path("stdout").asString(""), run.path("stderr").asString(""), code, timedOut,
                truncated, durationMs);
    }

    private String runtimeVersion() {
        if (version == null) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("api/v2/runtimes"))
                    .timeout(Duration.ofSeconds(10)).GET());
            String best = null;
            for (JsonNode runtime : json.readTree(response.body())) {
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

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new TransientBackendException("Piston did not answer in time", null, e);
        } catch (IOException e) {
            throw new TransientBackendException("Piston could not be reached: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted", null, e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new TransientBackendException("Piston answered " + status, retryAfter(response), null);
        }
        if (status >= 400) {
            if (response.body().contains("runtime is unknown")) {
                version = null; // the server's runtimes changed: read them again on the next run
            }
            throw new IllegalStateException("Piston refused the request (" + status + "): " + response.body());
        }
        return response;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
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
