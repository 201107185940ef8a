package dev.pylearn.monitoring.observability;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Opens a statement scope for each request, before security (whose token checks touch no database
 * but whose refusals are requests too), and at the end records its statements under the matched
 * route, and its time and status in {@link Traffic} (actuator requests excepted).
 *
 * <p>A request the handler answers asynchronously (a command endpoint returning a future while it
 * waits for its read model) is timed until the async response completes; its statements are those of
 * the request thread, which sends the command. Event streams are left out of the time figures: a
 * stream lasts as long as its subscriber wants.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestTrackingFilter extends OncePerRequestFilter {

    static final String LEARNER_ATTRIBUTE = RequestTrackingFilter.class.getName() + ".learner";
    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "TRACE");

    private final QueryTracker tracker;
    private final Traffic traffic;

    RequestTrackingFilter(QueryTracker tracker, Traffic traffic) {
        this.tracker = tracker;
        this.traffic = traffic;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        // the method is the client's to choose: unknown ones share one name, so endpoints stay a bounded set
        String method = STANDARD_METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
        QueryTracker.Scope scope = tracker.begin(method + " " + request.getRequestURI(), "http");
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String endpoint = method + " " + (pattern == null ? "UNKNOWN" : pattern.toString());
            tracker.end(scope, endpoint);
            // probes and scrapes are not user traffic: a health check answering 503 while the node catches
            // up is not an error rate, and a scrape every 15 s is not a learner (their SQL still counts above)
            if (scope != null && !request.getRequestURI().startsWith("/actuator/")) {
                if (request.isAsyncStarted()) {
                    request.getAsyncContext().addListener(new Completion(request, response, endpoint, started,
                            scope.statements()));
                } else {
                    record(request, failed ? 500 : response.getStatus(), response, endpoint, started, scope.statements());
                }
            }
        }
    }

    private void record(HttpServletRequest request, int status, HttpServletResponse response, String endpoint,
                        long started, int statements) {
        String type = response.getContentType();
        if (type != null && type.startsWith("text/event-stream")) {
            return;
        }
        Object learner = request.getAttribute(LEARNER_ATTRIBUTE);
        traffic.record(endpoint, status, (System.nanoTime() - started) / 1_000_000, statements,
                learner == null ? null : learner.toString());
    }

    /** Records an asynchronously answered request once its response is complete. */
    private final class Completion implements AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final String endpoint;
        private final long started;
        private final int statements;

        Completion(HttpServletRequest request, HttpServletResponse response, String endpoint, long started,
                   int statements) {
            this.request = request;
            this.response = response;
            this.endpoint = endpoint;
            this.started = started;
            this.statements = statements;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            record(request, response.getStatus(), response, endpoint, started, statements);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
