package dev.pylearn.infra.web;

import dev.pylearn.web.error.ErrorPages;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reached a controller (the container's own, a filter's) are answered as problem
 * documents too, instead of Spring Boot's default error JSON.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final ErrorPages pages;

    ProblemErrorController(ErrorPages pages) {
        this.pages = pages;
    }

    @RequestMapping("/error")
    ResponseEntity<?> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String slug = status.is5xxServerError() ? "internal-error" : status.name().toLowerCase().replace('_', '-');
        String detail = status.is5xxServerError() ? "Something went wrong on our side; it has been logged."
                : status.getReasonPhrase() + ".";
        if (ErrorPages.wantsPage(request)) {
            return pages.render(status.value(), status.getReasonPhrase(), detail, request);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, slug, status.getReasonPhrase(), detail));
    }
}
