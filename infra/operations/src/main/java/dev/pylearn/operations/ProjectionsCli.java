package dev.pylearn.operations;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar pylearn.jar projections <command> [name] [--wait]}: the admin API of a running
 * node from the command line, for ops without a browser. It logs in as the admin
 * ({@code PYLEARN_ADMIN_USERNAME}, {@code PYLEARN_ADMIN_PASSWORD}) at {@code PYLEARN_URL}
 * (default {@code http://localhost:8080}) and calls the same endpoints, so the operation is
 * coordinated across nodes exactly as from the API; it starts no application of its own.
 */
public final class ProjectionsCli {

    static final String USAGE = """
            usage: java -jar pylearn.jar projections <command> [name] [--wait]
              list                      status of every projection
              status <name>             one projection, as JSON
              replay <name> [--wait]    replay from the start of the event stream
              rebuild <name> [--wait]   blue-green rebuild: build a new version, switch when caught up
              cancel-rebuild <name>     cancel a rebuild in progress
              dead-letters <name>       events parked because a handler failed
              retry-dead-letters <name> apply parked events again (after a fix)
            environment: PYLEARN_URL (default http://localhost:8080), PYLEARN_ADMIN_USERNAME (default admin),
                         PYLEARN_ADMIN_PASSWORD""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final PrintStream out;
    private final Duration pollInterval;
    private String token;

    ProjectionsCli(String base, PrintStream out, Duration pollInterval) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.out = out;
        this.pollInterval = pollInterval;
    }

    /** Entry point from the jar's main; exits with the status {@link #run} returns. */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** Runs one command; 0 on success, 1 when the server refused it, 2 on bad usage or no server. */
    static int run(String[] args, Map<String, String> env, PrintStream out) {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        boolean wait = Arrays.asList(args).contains("--wait");
        if (words.size() < 2 || !words.get(0).equals("projections")) {
            out.println(USAGE);
            return 2;
        }
        String command = words.get(1);
        String name = words.size() > 2 ? words.get(2) : null;
        if (!command.equals("list") && name == null) {
            out.println(USAGE);
            return 2;
        }
        String password = env.getOrDefault("PYLEARN_ADMIN_PASSWORD", "");
        if (password.isBlank()) {
            out.println("Set PYLEARN_ADMIN_PASSWORD (and PYLEARN_ADMIN_USERNAME if it is not 'admin').");
            return 2;
        }
        ProjectionsCli cli = new ProjectionsCli(env.getOrDefault("PYLEARN_URL", "http://localhost:8080"), out,
                Duration.ofSeconds(1));
        try {
            cli.logIn(env.getOrDefault("PYLEARN_ADMIN_USERNAME", "admin"), password);
            String path = name == null ? "" : "/" + name;
            return switch (command) {
                case "list" -> cli.list();
                case "status" -> cli.print(cli.call("GET", "/api/admin/projections" + path));
                case "replay", "rebuild" -> {
                    Answer answer = cli.call("POST", "/api/admin/projections" + path + "/" + command);
                    int code = cli.print(answer);
                    yield code == 0 && wait ? cli.await(name, command) : code;
                }
                case "cancel-rebuild" -> cli.print(cli.call("DELETE", "/api/admin/projections" + path + "/rebuild"));
                case "dead-letters" -> cli.print(cli.call("GET", "/api/admin/projections" + path + "/dead-letters"));
                case "retry-dead-letters" -> cli.print(cli.call("POST",
                        "/api/admin/projections" + path + "/dead-letters/retry"));
                default -> {
                    out.println(USAGE);
                    yield 2;
                }
            };
        } catch (IOException e) {
            out.println("Cannot reach PyLearn at " + cli.base + ": " + e.getMessage());
            return 2;
        }
    }

    private record Answer(int status, JsonNode json) {
    }

    private void logIn(String username, String password) throws IOException {
        Answer answer = send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("username", username, "password", password)))));
        if (answer.status() != 200) {
            throw new IOException("log-in refused: " + (answer.json() == null ? answer.status()
                    : answer.json().path("detail").asString()));
        }
        token = answer.json().get("token").asString();
    }

    private Answer call(String method, String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private int print(Answer answer) {
        out.println(answer.json() == null ? "" : answer.json().toPrettyString());
        return answer.status() < 300 ? 0 : 1;
    }

    private int list() throws IOException {
        Answer answer = call("GET", "/api/admin/projections");
        if (answer.status() != 200) {
            return print(answer);
        }
        out.printf("%-20s %-11s %10s %10s %8s %9s %8s %6s%n", "PROJECTION", "STATUS", "POSITION", "HEAD", "LAG",
                "EVENTS/S", "SEGMENTS", "DEAD");
        for (JsonNode p : answer.json()) {
            out.printf("%-20s %-11s %10s %10d %8d %9.1f %8d %6d%n", p.get("name").asString(), p.get("status").asString(),
                    p.get("position").isNull() ? "-" : p.get("position").asString(), p.get("head").asLong(),
                    p.get("lagEvents").asLong(), p.get("eventsPerSecond").asDouble(), p.get("segments").size(),
                    p.get("deadLetters").asLong());
        }
        return 0;
    }

    /** Polls the status until the operation has finished (or failed / been cancelled), printing progress. */
    private int await(String name, String operation) throws IOException {
        while (true) {
            JsonNode status = call("GET", "/api/admin/projections/" + name).json();
            JsonNode last = status.path("lastOperation");
            String phase = last.path("phase").asString("");
            if (operation.equals(last.path("kind").asString("")) && !phase.equals("running")
                    && !phase.equals("switching")) {
                out.printf("%s of %s %s: %s events, %s events/s%n", operation, name, phase,
                        last.path("events").asString("-"), last.path("eventsPerSecond").asString("-"));
                return phase.equals("finished") ? 0 : 1;
            }
            JsonNode progress = operation.equals("replay") ? status.path("replay") : status.path("rebuild").path("progress");
            if (!progress.isMissingNode() && !progress.isNull()) {
                out.printf("%s of %s: %s%% (position %s of %s), ETA %s s%n", operation, name,
                        progress.path("percent").asString(), progress.path("position").asString(),
                        progress.path("target").asString(), progress.path("etaSeconds").asString("-"));
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }
}
