package dev.pylearn.infra.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the RFC 9457 documents every error is answered with. {@code type} is a stable URI
 * ({@code https://pylearn.dev/problems/<slug>}) that clients may match on.
 */
@Component
public class Problems {

    public static final String TYPE_BASE = "https://pylearn.dev/problems/";

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** For code outside Spring MVC (security filters, servlet filters). */
    public void write(HttpServletResponse response, HttpStatus status, String slug, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(of(status, slug, title, detail)));
    }
}
