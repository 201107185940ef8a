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
 * method imply (a token needed: 401; an admin or analyst path: 403; a path variable: 404; a write:
 * 409; every operation: 400), each with an example, rather than annotating some eighty handlers by hand
 * and forgetting some.
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
        add(responses, 400, "The request is malformed or breaks a rule (see 'detail').");
        if (!open) {
            add(responses, 401, "No valid bearer token (or session cookie).");
        }
        if (path.startsWith("/api/admin") || path.startsWith("/api/analytics") || path.startsWith("/actuator")) {
            add(responses, 403, "The account lacks the role this needs (ADMIN, or ANALYST for analytics).");
        }
        if (path.contains("{")) {
            add(responses, 404, "Nothing with that id.");
        }
        if (method != PathItem.HttpMethod.GET) {
            add(responses, 409, "Refused by the current state (already done, in progress, the last admin, ...).");
        }
        if (path.startsWith("/api/auth")) {
            add(responses, 429, "Too many attempts; Retry-After says when to come back.");
        }
        operation.setResponses(responses);
    }

    private static void add(ApiResponses responses, int status, String description) {
        String code = String.valueOf(status);
        if (responses.containsKey(code) && responses.get(code).getContent() != null
                && responses.get(code).getContent().containsKey(PROBLEM)) {
            return;
        }
        Problem problem = EXAMPLES.get(status);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problems.TYPE_BASE + problem.slug());
        example.put("title", problem.title());
        example.put("status", status);
        example.put("detail", problem.detail());
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))
                .addExamples(problem.slug(), new Example().summary(problem.title()).value(example));
        responses.addApiResponse(code, new ApiResponse().description(description)
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
