package dev.pylearn.infra.web;

import dev.pylearn.api.Rejection;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.pylearn.web.error.ErrorPages;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * One translation of failures into problem documents for every controller of every role: a
 * {@link Rejection} keeps its own type and detail, Spring MVC's own errors (bad JSON, wrong method,
 * unknown route) get a readable detail, and anything unexpected becomes a 500 that is logged.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ProblemHandlers extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

    // a browser asking for a page gets the site's error page instead (the pages' own advice comes first)
    private final ErrorPages pages;

    ProblemHandlers(ErrorPages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(Rejection.class)
    ResponseEntity<ProblemDetail> rejection(Rejection rejection) {
        HttpStatus status = HttpStatus.valueOf(rejection.kind().status());
        ResponseEntity<ProblemDetail> response = problem(Problems.of(status, rejection.type(), rejection.title(),
                rejection.getMessage()));
        if (rejection.retryAfterSeconds() != null) {
            return ResponseEntity.status(response.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(rejection.retryAfterSeconds()))
                    .body(response.getBody());
        }
        return response;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknownAggregate(AggregateNotFoundException e) {
        return problem(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No such learner or resource: '" + e.getAggregateIdentifier() + "'."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<?> unexpected(Exception e, HttpServletRequest request) {
        if (databaseUnavailable(e)) {
            // PostgreSQL restarting or unreachable: the request changed nothing that was acknowledged, and
            // asking again in a moment is the right answer (the scale-out drill's PostgreSQL restart)
            log.warn("Database unavailable: {}", e.toString());
            if (ErrorPages.wantsPage(request)) {
                return withRetryAfter(pages.render(503, "Back in a moment", "PyLearn cannot reach its database "
                        + "right now. Nothing was lost; please try again in a few seconds.", request));
            }
            return withRetryAfter(problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                    "Database unavailable", "The database cannot be reached right now; nothing was changed. "
                            + "Try again in a few seconds.")));
        }
        log.error("Unexpected failure", e);
        if (ErrorPages.wantsPage(request)) {
            return pages.render(500, "Something went wrong", "Something went wrong on our side; it has been logged. "
                    + "Please try again in a moment.", request);
        }
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "Something went wrong on our side; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && ErrorPages.wantsPage(servlet.getRequest())) {
            return asObject(pages.render(404, "Page not found", "There is no page at this address. "
                    + "Check it, or start from the tracks.", servlet.getRequest()));
        }
        return super.handleNoResourceFoundException(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof RequestSizeLimit.TooLarge tooLarge) {
            return asObject(problem(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Body too large",
                    tooLarge.getMessage())));
        }
        String detail = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "A JSON request body is required."
                : "The request body is not valid JSON for this endpoint: " + firstLine(cause.getMessage());
        return asObject(problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                detail)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        // Spring MVC's own problems (404 route, 405, 415, ...) get the same type scheme as ours
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || problem.getType().toString().equals("about:blank"))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String slug = known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
            problem.setType(java.net.URI.create(Problems.TYPE_BASE + slug));
        }
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.addAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, problemHeaders, status);
    }

    /**
     * A lost or refused database connection anywhere in the causes: a connection exception (SQL state
     * class 08), PostgreSQL shutting down or restarting (57P01-57P03), no connection from the pool in
     * time, or Spring's translation of any of these.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.springframework.dao.DataAccessResourceFailureException
                    || cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static <T> ResponseEntity<T> withRetryAfter(ResponseEntity<T> response) {
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "2").body(response.getBody());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<?> entity) {
        return (ResponseEntity) entity;
    }
}
