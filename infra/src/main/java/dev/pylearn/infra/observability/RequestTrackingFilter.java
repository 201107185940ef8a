package dev.pylearn.infra.observability;

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
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String endpoint = method + " " + (pattern == null ? "UNKNOWN" : pattern.toString());
            tracker.end(scope, endpoint);
            // probes and scrapes are not user traffic: a health check answering 503 while the node catches
            // up is not an error rate, and a scrape every 15 s is not a learner (their SQL still counts above)
            if (scope != null && !request.isAsyncStarted() && !request.getRequestURI().startsWith("/actuator/")) {
                Object learner = request.getAttribute(LEARNER_ATTRIBUTE);
                traffic.record(endpoint, status, (System.nanoTime() - started) / 1_000_000, scope.statements(),
                        learner == null ? null : learner.toString());
            }
        }
    }
}
