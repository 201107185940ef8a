package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

/**
 * The generated OpenAPI document lists the API's endpoints with their problem responses and examples,
 * and Swagger UI shows it in a browser under its own (looser) Content-Security-Policy.
 */
class OpenApiTest extends BrowserTest {

    @Test
    void theOpenApiDocumentListsTheKeyEndpointsAndTheirProblems() {
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).as(docs.text()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        for (String path : new String[] {"/api/auth/register", "/api/auth/login", "/api/tracks", "/api/lessons/{lessonId}",
                "/api/me/dashboard", "/api/me/lessons/{lessonId}/completion", "/api/admin/learners",
                "/api/admin/learners/{learnerId}/xp", "/api/admin/learners/{learnerId}/premium",
                "/api/admin/accounts/{learnerId}/roles/{role}", "/api/admin/projections",
                "/api/admin/projections/{name}/replay", "/api/admin/projections/{name}/rebuild",
                "/api/analytics/{view}"}) {
            assertThat(paths.has(path)).as(path + " documented").isTrue();
        }
        assertThat(paths.has("/admin/learners")).as("pages are not API operations").isFalse();

        // the last admin's refusal: a 409 problem document with its example
        JsonNode revoke = paths.get("/api/admin/accounts/{learnerId}/roles/{role}").get("delete").get("responses");
        JsonNode conflict = revoke.get("409").get("content").get("application/problem+json");
        assertThat(conflict.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/Problem");
        JsonNode example = conflict.get("examples").valueStream().findFirst().orElseThrow().get("value");
        assertThat(example.get("type").asString()).startsWith("https://pylearn.dev/problems/");
        assertThat(example.get("status").asInt()).isEqualTo(409);
        assertThat(revoke.has("401")).isTrue();
        assertThat(revoke.has("403")).isTrue();
        assertThat(revoke.has("404")).isTrue();

        // the refusals particular to an operation, each with its own example
        assertThat(examples(paths, "/api/admin/projections/{name}/replay", "post", "409"))
                .contains("replay-not-allowed", "operation-in-progress");
        assertThat(examples(paths, "/api/me/lessons/{lessonId}/completion", "post", "403")).contains("lesson-locked");
        assertThat(examples(paths, "/api/challenges/{challengeId}/submissions", "post", "429"))
                .contains("too-many-submissions");
        assertThat(examples(paths, "/api/admin/projections/{name}", "get", "404")).contains("unknown-projection");
        assertThat(examples(paths, "/api/battles", "post", "409")).contains("opponent-busy", "already-in-battle");
        assertThat(examples(paths, "/api/battles/{battleId}/accept", "post", "409"))
                .contains("battle-already-accepted", "battle-expired");
        assertThat(examples(paths, "/api/battles/queue", "delete", "404")).contains("not-queued");
        assertThat(paths.get("/api/me/subscription").get("post").get("responses").has("409")).isFalse();

        // open reads need no token; the rest say so
        JsonNode tracks = paths.get("/api/tracks").get("get");
        assertThat(tracks.get("responses").has("401")).isFalse();
        assertThat(paths.get("/api/me/dashboard").get("get").get("security").toString()).contains("bearer");
        assertThat(paths.get("/api/auth/login").get("post").get("responses").has("429")).isTrue();
        assertThat(docs.json().get("components").get("schemas").get("Problem").get("required").toString())
                .contains("type", "title", "status", "detail");
    }

    @Test
    void swaggerUiListsTheOperationsUnderItsOwnPolicy() {
        Api.Response ui = api.get("/swagger-ui/index.html", null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.header("Content-Security-Policy")).contains("style-src 'self' 'unsafe-inline'")
                .contains("script-src 'self';");
        assertThat(api.get("/", null).header("Content-Security-Policy")).contains("style-src 'self';")
                .doesNotContain("unsafe-inline");

        open("/swagger-ui/index.html");
        waitFor(d -> d.findElements(By.cssSelector(".opblock")).size() > 20);
        assertThat(findAll(".opblock-summary-path")).extracting(e -> e.getAttribute("data-path"))
                .contains("/api/auth/login", "/api/admin/projections/{name}/replay");
        assertThat(text(".info .title")).contains("PyLearn API");
        screenshot("swagger-ui");

        // the footer of every page links both
        open("/");
        assertThat(find("footer a[href='/swagger-ui/index.html']").getText()).isEqualTo("API (Swagger UI)");
        assertThat(find("footer a[href='/v3/api-docs']").getText()).isEqualTo("OpenAPI document");
    }

    /** The problem types the examples of one response name. */
    private static String examples(JsonNode paths, String path, String method, String status) {
        JsonNode examples = paths.get(path).get(method).get("responses").get(status).get("content")
                .get("application/problem+json").get("examples");
        StringBuilder types = new StringBuilder();
        examples.valueStream().forEach(example -> types.append(example.get("value").get("type").asString()).append(' '));
        return types.toString();
    }
}
