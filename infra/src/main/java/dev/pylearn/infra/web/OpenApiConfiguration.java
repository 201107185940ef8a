package dev.pylearn.infra.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, springdoc, generated from the controllers) and what the
 * controllers cannot say about themselves: the bearer token, and the RFC 9457 problem documents every
 * refusal is answered with. Those are added here, centrally, to every operation by what its path and
 * method imply (a token needed: 401; an admin or analyst path: 403; a path variable: 404; every
 * operation: 400) plus the refusals particular to some operations ({@link #SPECIFIC}: the last admin,
 * a rebuild in progress, a locked lesson, ...), each with an example, rather than annotating some
 * eighty handlers by hand and forgetting some.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "application/problem+json";
    private static final String BEARER = "bearer";

    /** Operations anyone may call (the security configuration's permitAll list). */
    private static final Set<String> OPEN = Set.of("POST /api/auth/register", "POST /api/auth/login",
            "GET /api/tracks", "GET /api/tracks/{trackId}", "GET /api/lessons/{lessonId}", "GET /api/challenges",
            "GET /api/challenges/{challengeId}");

    private record Problem(String slug, String title, String detail) {
    }

    private static final Map<Integer, Problem> EXAMPLES = Map.of(
            400, new Problem("invalid-xp-amount", "Invalid request", "'amount' is required."),
            401, new Problem("authentication-required", "Authentication required",
                    "Send a bearer token: 'Authorization: Bearer <token>' from /api/auth/login."),
            403, new Problem("forbidden", "Forbidden", "Your account may not use this resource."),
            404, new Problem("unknown-learner", "Not found", "There is no learner 'f0e1d2c3'."),
            409, new Problem("last-admin", "Last admin",
                    "This account is the last admin; grant ADMIN to another account before revoking it here."),
            429, new Problem("too-many-attempts", "Too many attempts",
                    "Too many sign-in attempts; try again in 60 seconds."));

    /**
     * The refusals particular to some paths, as their controllers throw them: the document shows these
     * (each as an example) instead of the generic one of {@link #EXAMPLES}. First match wins.
     */
    private record Specific(int status, String method, String pathPrefix, List<Problem> problems) {
    }

    private static final List<Specific> SPECIFIC = List.of(
            new Specific(404, null, "/api/admin/projections", List.of(new Problem("unknown-projection", "Not found",
                    "No projection named 'dashbaord'; GET /api/admin/projections lists them."))),
            new Specific(404, null, "/api/admin/accounts", List.of(new Problem("unknown-account", "Not found",
                    "No account with learner id 'f0e1d2c3'."))),
            new Specific(404, null, "/api/tracks", List.of(new Problem("unknown-track", "Not found",
                    "There is no track 'python-advanced'."))),
            new Specific(404, null, "/api/me/lessons", List.of(new Problem("unknown-lesson", "Not found",
                    "There is no lesson 'basics-99'."))),
            new Specific(404, null, "/api/lessons", List.of(new Problem("unknown-lesson", "Not found",
                    "There is no lesson 'basics-99'."))),
            new Specific(404, null, "/api/challenges", List.of(new Problem("unknown-challenge", "Not found",
                    "There is no challenge 'fizzbuzz-2'."))),
            new Specific(404, null, "/api/submissions", List.of(new Problem("unknown-submission", "Not found",
                    "There is no submission '9b2f'."))),
            new Specific(404, null, "/api/analytics", List.of(new Problem("unknown-analytics-view", "Not found",
                    "No analytics view 'sales'; there are challenge-pass-rates, daily-activity, track-funnels, "
                            + "tutor-usage, weekly-active-learners."))),
            new Specific(409, "POST", "/api/auth/register", List.of(new Problem("username-taken", "Username taken",
                    "The username 'ada' is already taken."))),
            new Specific(409, "POST", "/api/admin/projections/{name}/replay", List.of(
                    new Problem("replay-not-allowed", "Replay not allowed",
                            "'execution-worker' has side effects that must never run twice (its handlers refuse replays)."),
                    new Problem("operation-in-progress", "Operation in progress",
                            "'learner-dashboard' is being rebuilt; replay it once the rebuild has finished."))),
            new Specific(409, "POST", "/api/admin/projections/{name}/rebuild/switch", List.of(
                    new Problem("rebuild-not-ready", "Rebuild not ready",
                            "No rebuild of 'analytics' is waiting for a switch."))),
            new Specific(409, null, "/api/admin/projections/{name}/rebuild", List.of(
                    new Problem("rebuild-not-allowed", "Rebuild not allowed",
                            "'execution-worker' keeps no read-model tables that could be rebuilt."),
                    new Problem("operation-in-progress", "Operation in progress",
                            "'analytics' is replaying; rebuild it once the replay has finished."))),
            new Specific(409, "POST", "/api/admin/projections/{name}/dead-letters/retry", List.of(
                    new Problem("no-dead-letter-queue", "No dead-letter queue", "'catalog' does not park failed events."))),
            new Specific(409, "DELETE", "/api/admin/accounts", List.of(EXAMPLES.get(409))),
            new Specific(401, "POST", "/api/auth/login", List.of(new Problem("invalid-credentials",
                    "Invalid credentials", "Unknown username or wrong password."))),
            new Specific(403, "POST", "/api/me/lessons", List.of(new Problem("lesson-locked", "Lesson locked",
                    "Finish the track 'python-basics' first."))),
            new Specific(403, "PUT", "/api/me/password", List.of(new Problem("wrong-password", "Wrong password",
                    "The current password is not right."))),
            new Specific(403, "POST", "/api/challenges/{challengeId}/submissions", List.of(new Problem(
                    "challenge-locked", "Challenge locked", "This challenge is for premium members."))),
            new Specific(413, "POST", "/api/challenges/{challengeId}/submissions", List.of(new Problem(
                    "code-too-large", "Code too large", "Code is limited to 64 KB."))),
            new Specific(429, "POST", "/api/challenges/{challengeId}/submissions", List.of(new Problem(
                    "too-many-submissions", "Too many submissions", "At most 10 submissions a minute; try again in 12 s."))),
            new Specific(503, "POST", "/api/challenges/{challengeId}/submissions", List.of(new Problem(
                    "submission-queue-full", "Submission queue full", "Too many submissions are waiting; try again in 5 s."))),
            new Specific(400, "POST", "/api/battles", List.of(
                    new Problem("cannot-battle-yourself", "Invalid request", "You cannot battle yourself; name another learner."),
                    new Problem("missing-opponent", "Invalid request", "'opponent' is required: the username of the learner to challenge."),
                    new Problem("missing-code", "Invalid request", "'code' is required: the Python source to judge."))),
            new Specific(400, "GET", "/api/me/battles", List.of(new Problem("invalid-cursor", "Invalid request",
                    "The cursor is not one this API gave out; start without one."))),
            new Specific(403, "POST", "/api/battles", List.of(
                    new Problem("not-challenged", "Not your challenge", "Only the challenged learner can accept or decline this battle."),
                    new Problem("not-in-battle", "Not in this battle", "You are not a player in this battle."))),
            new Specific(404, null, "/api/battles", List.of(
                    new Problem("unknown-battle", "Not found", "There is no battle '9b2f'."),
                    new Problem("unknown-opponent", "Not found", "There is no learner with the username 'ada'."),
                    new Problem("not-queued", "Not found", "You are not waiting in the matchmaking queue."))),
            new Specific(409, "POST", "/api/battles", List.of(
                    new Problem("already-queued", "Already in the queue", "You are already waiting for an opponent."),
                    new Problem("already-in-battle", "Already in a battle", "You are already in battle 9b2f; finish it first."),
                    new Problem("opponent-busy", "Opponent busy", "That learner is already in a battle or has a challenge pending."),
                    new Problem("battle-already-accepted", "Already accepted", "This challenge was already accepted."),
                    new Problem("battle-expired", "Challenge expired", "The challenge was not accepted in time."),
                    new Problem("battle-not-started", "Battle not started", "The challenge is still waiting to be accepted."),
                    new Problem("battle-ended", "Battle ended", "This battle has ended."))));

    private static final Map<Integer, String> DESCRIPTIONS = Map.of(
            401, "No valid bearer token (or session cookie), or wrong credentials.",
            403, "Not allowed for this account.",
            404, "Nothing with that id.",
            409, "Refused by the current state.",
            413, "The request is too large.",
            429, "Too many requests; Retry-After says when to come back.",
            503, "Too busy now; Retry-After says when to come back.");

    @Bean
    OpenAPI pylearnOpenApi() {
        return new OpenAPI()
                .info(new Info().title("PyLearn API").version("1")
                        .description("""
                                Learn Python: tracks, lessons, challenges run in a sandbox, XP, streaks, achievements \
                                and leaderboards; admin and analyst operations. Log in with `POST /api/auth/login` \
                                and send the token as `Authorization: Bearer <token>`. Every refusal is an RFC 9457 \
                                problem document (`application/problem+json`) whose `type` is \
                                `https://pylearn.dev/problems/<slug>`, a stable slug clients may match on."""));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // here rather than on the OpenAPI bean, whose components springdoc replaces with the generated ones
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("JWT").description("The token from POST /api/auth/login."))
                    .addSchemas("Problem", problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    document(path, method, operation)));
        };
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        boolean open = OPEN.contains(method + " " + path) || path.startsWith("/actuator/health");
        if (!open) {
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        add(responses, 400, "The request is malformed or breaks a rule (see 'detail').", examples(400, method, path));
        if (!open) {
            add(responses, 401, "No valid bearer token (or session cookie).", examples(401, method, path));
        }
        if (path.startsWith("/api/admin") || path.startsWith("/api/analytics") || path.startsWith("/actuator")) {
            add(responses, 403, "The account lacks the role this needs (ADMIN, or ANALYST for analytics).",
                    examples(403, method, path));
        }
        if (path.contains("{")) {
            add(responses, 404, "Nothing with that id.", examples(404, method, path));
        }
        if (path.startsWith("/api/auth")) {
            add(responses, 429, "Too many attempts; Retry-After says when to come back.", examples(429, method, path));
        }
        // the refusals particular to this operation (a 409 only where one can happen)
        for (Specific rule : SPECIFIC) {
            if (matches(rule, method, path) && !responses.containsKey(String.valueOf(rule.status()))) {
                add(responses, rule.status(), DESCRIPTIONS.get(rule.status()), rule.problems());
            }
        }
        operation.setResponses(responses);
    }

    private static List<Problem> examples(int status, PathItem.HttpMethod method, String path) {
        return SPECIFIC.stream().filter(rule -> rule.status() == status && matches(rule, method, path))
                .findFirst().map(Specific::problems).orElse(List.of(EXAMPLES.get(status)));
    }

    private static boolean matches(Specific rule, PathItem.HttpMethod method, String path) {
        return (rule.method() == null || rule.method().equals(method.name())) && path.startsWith(rule.pathPrefix());
    }

    /** A problem+json response with one example per problem type the operation may answer with. */
    private static void add(ApiResponses responses, int status, String description, List<Problem> problems) {
        String code = String.valueOf(status);
        if (responses.containsKey(code) && responses.get(code).getContent() != null
                && responses.get(code).getContent().containsKey(PROBLEM)) {
            return;
        }
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
        for (Problem problem : problems) {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", Problems.TYPE_BASE + problem.slug());
            example.put("title", problem.title());
            example.put("status", status);
            example.put("detail", problem.detail());
            media.addExamples(problem.slug(), new Example().summary(problem.title()).value(example));
        }
        String types = problems.stream().map(Problem::slug).collect(java.util.stream.Collectors.joining(", "));
        responses.addApiResponse(code, new ApiResponse().description(description + " Problem types: " + types + ".")
                .content(new Content().addMediaType(PROBLEM, media)));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details: what every refusal is answered with.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("https://pylearn.dev/problems/<slug>; the slug is stable, match on it."))
                .addProperty("title", new StringSchema().description("A short summary of the kind of problem."))
                .addProperty("status", new IntegerSchema().description("The HTTP status."))
                .addProperty("detail", new StringSchema().description("What went wrong and what to do, for people."))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .required(List.of("type", "title", "status", "detail"));
    }
}
