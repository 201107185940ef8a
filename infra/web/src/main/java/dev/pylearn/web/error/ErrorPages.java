package dev.pylearn.web.error;

import dev.pylearn.api.Rejection;
import dev.pylearn.web.layout.Layouts;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Errors a browser sees as a page in the site's shell (what happened, what to do next) rather than
 * a problem document: a page's own refusals, and unknown or forbidden paths outside {@code /api}
 * when the client asks for HTML. The API keeps answering problem+json.
 */
@Component
@ControllerAdvice(basePackages = "dev.pylearn.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ErrorPages {

    /** What the error page shows. */
    public record ErrorPage(int status, String title, String detail) {
    }

    private final TemplateEngine templates;
    private final Layouts layouts;

    ErrorPages(TemplateEngine templates, Layouts layouts) {
        this.templates = templates;
        this.layouts = layouts;
    }

    @ExceptionHandler(Rejection.class)
    ResponseEntity<String> rejected(Rejection rejection, HttpServletRequest request) {
        return render(rejection.kind().status(), rejection.title(), rejection.getMessage(), request);
    }

    /** True for a browser's request for a page: outside the API, asking for HTML. */
    public static boolean wantsPage(HttpServletRequest request) {
        String path = request.getRequestURI();
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return !path.startsWith("/api/") && !path.startsWith("/actuator") && accept != null
                && accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    public ResponseEntity<String> render(int status, String title, String detail, HttpServletRequest request) {
        StringOutput html = new StringOutput();
        templates.render("error.jte", Map.of("layout", layouts.of(request),
                "error", new ErrorPage(status, title, detail)), html);
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html.toString());
    }
}
