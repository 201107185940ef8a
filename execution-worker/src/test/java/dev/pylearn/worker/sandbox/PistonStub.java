package dev.pylearn.worker.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Piston v2 look-alike for tests, on 127.0.0.1 and an ephemeral port: {@code GET /api/v2/runtimes}
 * and {@code POST /api/v2/execute}, validated the way a real self-hosted Piston validates (415 without
 * a JSON content type, 400 {@code {"message": ...}} for an unknown runtime or a limit above the
 * server's), and really executed by the {@link CodeRunner} it is given (first file is the entry).
 *
 * <p>Faults can be forced while it runs, from any thread: a script of answers for the next execute
 * calls ({@link #enqueue}) and a seeded random mode ({@link #randomFaults}); a scripted fault wins
 * over the random mode. Faults apply to execute calls only and come before any validation, as a
 * proxy's 429 or a crashed server would.
 *
 * <p>Hand-written rather than WireMock (not a dependency here) because it has to run the code, not
 * replay canned bodies. It runs python only: another listed runtime is a 400 here.
 */
public class PistonStub implements AutoCloseable {

    /** What {@code GET /api/v2/runtimes} lists. {@code runtime} may be null. */
    public record Runtime(String language, String version, List<String> aliases, String runtime) {
    }

    public static final List<Runtime> DEFAULT_RUNTIMES = List.of(
            new Runtime("python", "3.10.0", List.of("py", "py3", "python3", "python3.10"), null),
            new Runtime("python", "3.11.7", List.of("py", "py3", "python3", "python3.11"), null),
            new Runtime("javascript", "18.15.0", List.of("node-javascript", "node-js", "javascript", "js"), "node"));

    /** Piston's default {@code run_timeout} and {@code run_cpu_time} limit, in ms. */
    public static final long DEFAULT_RUN_TIMEOUT_LIMIT_MS = 3000;

    /** A forced answer for one execute call. */
    public sealed interface Fault permits Answer, Slow, Drop, Pass, Huge {

        default Chance withProbability(double probability) {
            return new Chance(this, probability);
        }
    }

    /** Answers with this status, headers and body instead of executing. */
    public record Answer(int status, Map<String, String> headers, String body) implements Fault {
    }

    /** Waits, then handles the call normally. */
    public record Slow(Duration delay) implements Fault {
    }

    /** Reads the request, waits {@code after}, then closes the connection without any response. */
    public record Drop(Duration after) implements Fault {
    }

    /**
     * Answers 200 with a body of {@code bytes} bytes, the start of a run result whose stdout never ends,
     * streamed in chunks (never held whole); with {@code declared}, Content-Length says the size up front.
     */
    public record Huge(long bytes, boolean declared) implements Fault {
    }

    /** Handles the call normally; a placeholder in a script, not counted as a fault. */
    public record Pass() implements Fault {
    }

    /** A fault and how likely it is, for {@link #randomFaults}. */
    public record Chance(Fault fault, double probability) {
    }

    public static Fault tooManyRequests(Duration retryAfter) {
        return retryAfter == null ? tooManyRequests()
                : new Answer(429, Map.of("Retry-After", String.valueOf(retryAfter.toSeconds())),
                        "{\"message\":\"Too many requests\"}");
    }

    /** A 429 without Retry-After. */
    public static Fault tooManyRequests() {
        return new Answer(429, Map.of(), "{\"message\":\"Too many requests\"}");
    }

    public static Fault unavailable() {
        return new Answer(503, Map.of(), "{\"message\":\"Service unavailable\"}");
    }

    public static Fault status(int status, String jsonBody) {
        return new Answer(status, Map.of(), jsonBody);
    }

    public static Fault slow(Duration delay) {
        return new Slow(delay);
    }

    public static Fault drop() {
        return new Drop(Duration.ZERO);
    }

    public static Fault dropAfter(Duration after) {
        return new Drop(after);
    }

    public static Fault huge(long bytes, boolean declared) {
        return new Huge(bytes, declared);
    }

    public static Fault pass() {
        return new Pass();
    }

    private record RandomFaults(Random random, List<Chance> chances) {

        Fault draw() {
            double r;
            synchronized (random) {
                r = random.nextDouble();
            }
            double upTo = 0;
            for (Chance chance : chances) {
                upTo += chance.probability();
                if (r < upTo) {
                    return chance.fault();
                }
            }
            return null;
        }
    }

    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
        "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private final JsonMapper json = JsonMapper.builder().build();
    private final CodeRunner runner;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Fault> script = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RandomFaults> random = new AtomicReference<>();
    private final AtomicInteger executeCalls = new AtomicInteger();
    private final AtomicInteger runtimesCalls = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final List<Long> executeArrivals = new CopyOnWriteArrayList<>();
    private final List<String> executeBodies = new CopyOnWriteArrayList<>();
    private final AtomicLong hugeBytesSent = new AtomicLong();
    private volatile List<Runtime> runtimes = DEFAULT_RUNTIMES;
    private volatile long runTimeoutLimitMs;

    public PistonStub(CodeRunner runner) {
        this(runner, DEFAULT_RUN_TIMEOUT_LIMIT_MS);
    }

    public PistonStub(CodeRunner runner, long runTimeoutLimitMs) {
        this.runner = runner;
        this.runTimeoutLimitMs = runTimeoutLimitMs;
        try {
            server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("the Piston stub could not listen on 127.0.0.1", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, "piston-stub-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = Executors.newCachedThreadPool(daemons);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** For example {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Forced answers for the next execute calls, in order, after any already queued. */
    public void enqueue(Fault... next) {
        script.addAll(List.of(next));
    }

    /**
     * From now on, when no scripted fault is queued, each execute call gets one of these faults with
     * its probability (drawn from a generator seeded with {@code seed}), otherwise a normal answer.
     */
    public void randomFaults(long seed, Chance... chances) {
        double total = 0;
        for (Chance chance : chances) {
            if (chance.probability() < 0) {
                throw new IllegalArgumentException("negative probability: " + chance);
            }
            total += chance.probability();
        }
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("probabilities add up to " + total + ", more than 1");
        }
        random.set(new RandomFaults(new Random(seed), List.of(chances)));
    }

    /** Drops the script and the random mode. */
    public void clearFaults() {
        script.clear();
        random.set(null);
    }

    public void resetCounters() {
        executeCalls.set(0);
        runtimesCalls.set(0);
        faults.set(0);
        executeArrivals.clear();
        executeBodies.clear();
    }

    public void setRuntimes(List<Runtime> runtimes) {
        this.runtimes = List.copyOf(runtimes);
    }

    public void setRunTimeoutLimitMs(long limitMs) {
        this.runTimeoutLimitMs = limitMs;
    }

    /** Every {@code POST /api/v2/execute}, faulted or not. */
    public int executeCalls() {
        return executeCalls.get();
    }

    public int runtimesCalls() {
        return runtimesCalls.get();
    }

    /** Execute calls answered by a forced fault (scripted or random; {@link Pass} is not one). */
    public int faultsInjected() {
        return faults.get();
    }

    /** {@link System#nanoTime()} at the arrival of each execute call, in order. */
    public List<Long> executeArrivals() {
        return List.copyOf(executeArrivals);
    }

    /** Bytes of {@link Huge} bodies the client accepted before it stopped reading. */
    public long hugeBytesSent() {
        return hugeBytesSent.get();
    }

    /** The raw body of each execute call, in order of arrival. */
    public List<String> executeBodies() {
        return List.copyOf(executeBodies);
    }

    /** The last execute body, parsed (it must have been JSON). */
    public JsonNode lastExecuteRequest() {
        List<String> bodies = executeBodies();
        if (bodies.isEmpty()) {
            throw new IllegalStateException("no execute call yet");
        }
        return json.readTree(bodies.get(bodies.size() - 1));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/api/v2/runtimes") && method.equals("GET")) {
                runtimesCalls.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 200, Map.of(), runtimesJson());
            } else if (path.equals("/api/v2/execute") && method.equals("POST")) {
                execute(exchange);
            } else {
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 404, Map.of(), message("Not found"));
            }
        } catch (InterruptedException e) {
            // the stub is closing: the connection goes down with it
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } catch (RuntimeException e) {
            respondQuietly(exchange, 500, message("PistonStub failed: " + e));
        } finally {
            exchange.close();
        }
    }

    private void execute(HttpExchange exchange) throws IOException, InterruptedException {
        executeCalls.incrementAndGet();
        executeArrivals.add(System.nanoTime());
        String body = read(exchange.getRequestBody());
        executeBodies.add(body);
        Fault fault = script.poll();
        if (fault == null) {
            RandomFaults mode = random.get();
            fault = mode == null ? null : mode.draw();
        }
        if (fault != null && !(fault instanceof Pass)) {
            faults.incrementAndGet();
        }
        if (fault instanceof Answer answer) {
            respond(exchange, answer.status(), answer.headers(), answer.body());
            return;
        }
        if (fault instanceof Huge huge) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, huge.declared() ? huge.bytes() : 0);
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            byte[] start = "{\"run\":{\"stdout\":\"".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = exchange.getResponseBody();
            out.write(start);
            for (long sent = start.length; sent < huge.bytes(); sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, huge.bytes() - sent));
                hugeBytesSent.set(sent);
            }
            return;
        }
        if (fault instanceof Drop drop) {
            sleep(drop.after());
            // closing before the response headers are sent closes the connection itself
            exchange.close();
            return;
        }
        if (fault instanceof Slow slow) {
            sleep(slow.delay());
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!isJson(contentType)) {
            respond(exchange, 415, Map.of(), message("requests must be of type application/json"));
            return;
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JacksonException e) {
            respond(exchange, 400, Map.of(), message("Invalid JSON: " + e.getOriginalMessage()));
            return;
        }
        String refusal = validate(request);
        if (refusal != null) {
            respond(exchange, 400, Map.of(), message(refusal));
            return;
        }
        Runtime runtime = find(request.get("language").asString(), request.get("version").asString());
        if (runtime == null) {
            respond(exchange, 400, Map.of(), message(request.get("language").asString() + "-"
                    + request.get("version").asString() + " runtime is unknown"));
            return;
        }
        if (!runtime.language().equals("python")) {
            respond(exchange, 400, Map.of(), message("PistonStub runs python only, not " + runtime.language() + "-"
                    + runtime.version()));
            return;
        }
        Map<String, String> files = new LinkedHashMap<>();
        String entry = null;
        int index = 0;
        for (JsonNode file : request.get("files")) {
            String name = file.path("name").isString() ? file.path("name").asString() : "file" + index + ".code";
            files.put(name, file.get("content").asString());
            if (entry == null) {
                entry = name;
            }
            index++;
        }
        long timeoutMs = request.path("run_timeout").isNumber() ? request.path("run_timeout").asLong()
                : runTimeoutLimitMs;
        String stdin = request.path("stdin").isString() ? request.path("stdin").asString() : "";
        RunResult result = runner.run(new RunRequest(files, entry, stdin, Duration.ofMillis(timeoutMs)));
        respond(exchange, 200, Map.of(), json.writeValueAsString(answer(runtime, result)));
    }

    /** Piston's checks, in its order; null when the request is acceptable. */
    private String validate(JsonNode request) {
        if (!request.isObject()) {
            return "request body must be a JSON object";
        }
        if (!request.path("language").isString()) {
            return "language is required as a string";
        }
        if (!request.path("version").isString()) {
            return "version is required as a string";
        }
        JsonNode files = request.path("files");
        if (!files.isArray() || files.isEmpty()) {
            return "files is required as an array";
        }
        for (int i = 0; i < files.size(); i++) {
            if (!files.get(i).path("content").isString()) {
                return "files[" + i + "].content is required as a string";
            }
        }
        if (request.has("stdin") && !request.get("stdin").isString()) {
            return "stdin must be a string";
        }
        if (request.has("args") && !request.get("args").isArray()) {
            return "args must be an array";
        }
        for (String constraint : List.of("run_timeout", "run_cpu_time", "run_memory_limit")) {
            JsonNode value = request.path(constraint);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isNumber()) {
                return constraint + " must be a number";
            }
            if (value.asLong() < 0) {
                return constraint + " must be non-negative";
            }
            // the memory limit is unlimited (-1) by default, as on Piston
            if (!constraint.equals("run_memory_limit") && value.asLong() > runTimeoutLimitMs) {
                return constraint + " cannot exceed the configured limit of " + runTimeoutLimitMs;
            }
        }
        return null;
    }

    /** The newest runtime whose language or alias matches and whose version satisfies the request. */
    private Runtime find(String language, String version) {
        Runtime best = null;
        for (Runtime runtime : runtimes) {
            boolean named = runtime.language().equals(language) || runtime.aliases().contains(language);
            if (named && satisfies(runtime.version(), version)
                    && (best == null || PistonRunner.compareVersions(runtime.version(), best.version()) > 0)) {
                best = runtime;
            }
        }
        return best;
    }

    /** Enough of semver ranges for tests: "*", an exact version, or a prefix such as "3", "3.11", "3.x". */
    private static boolean satisfies(String version, String wanted) {
        String range = wanted.trim();
        if (range.equals("*") || range.equalsIgnoreCase("x") || range.equals(version)) {
            return true;
        }
        while (range.endsWith(".x") || range.endsWith(".*")) {
            range = range.substring(0, range.length() - 2);
        }
        return version.equals(range) || version.startsWith(range + ".");
    }

    private ObjectNode answer(Runtime runtime, RunResult result) {
        ObjectNode answer = json.createObjectNode();
        answer.put("language", runtime.language());
        answer.put("version", runtime.version());
        ObjectNode run = answer.putObject("run");
        String stdout = result.stdout() == null ? "" : result.stdout();
        String stderr = result.stderr() == null ? "" : result.stderr();
        run.put("stdout", stdout);
        run.put("stderr", stderr);
        run.put("output", stdout + stderr);
        if (result.timedOut()) {
            run.putNull("code");
            run.put("signal", "SIGKILL");
            run.put("status", "TO");
            run.put("message", "Time limit exceeded");
        } else if (result.outputTruncated()) {
            run.putNull("code");
            run.put("signal", "SIGKILL");
            run.put("status", "OL");
            run.put("message", "Output limit exceeded");
        } else if (result.exitCode() == 0) {
            run.put("code", 0);
            run.putNull("signal");
            run.putNull("status");
            run.putNull("message");
        } else if (result.exitCode() > 128 && result.exitCode() - 128 < SIGNALS.length) {
            // a shell-style exit status for a process killed by a signal
            run.putNull("code");
            run.put("signal", SIGNALS[result.exitCode() - 128]);
            run.put("status", "SG");
            run.putNull("message");
        } else if (result.exitCode() < 0) {
            run.putNull("code");
            run.putNull("signal");
            run.put("status", "XX");
            run.put("message", "internal error: no exit status");
        } else {
            run.put("code", result.exitCode());
            run.putNull("signal");
            run.put("status", "RE");
            run.putNull("message");
        }
        run.put("cpu_time", result.durationMs());
        run.put("wall_time", result.durationMs());
        run.putNull("memory");
        return answer;
    }

    private String runtimesJson() {
        ArrayNode list = json.createArrayNode();
        for (Runtime runtime : runtimes) {
            ObjectNode item = list.addObject();
            item.put("language", runtime.language());
            item.put("version", runtime.version());
            ArrayNode aliases = item.putArray("aliases");
            runtime.aliases().forEach(aliases::add);
            if (runtime.runtime() != null) {
                item.put("runtime", runtime.runtime());
            }
        }
        return json.writeValueAsString(list);
    }

    private String message(String text) {
        ObjectNode message = json.createObjectNode();
        message.put("message", text);
        return json.writeValueAsString(message);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration delay) throws InterruptedException {
        if (delay != null && !delay.isZero() && !delay.isNegative()) {
            Thread.sleep(delay.toMillis());
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        }
        // -1: no body; 0 would mean a chunked body
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void respondQuietly(HttpExchange exchange, int status, String body) {
        try {
            if (exchange.getResponseCode() == -1) {
                respond(exchange, status, Map.of(), body);
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone; nothing left to tell it
        }
    }
}
