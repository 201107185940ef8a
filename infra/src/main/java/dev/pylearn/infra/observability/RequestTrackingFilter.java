package dev.pylearn.infra.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
        QueryTracker.Scope scope = tracker.begin(request.getMethod() + " " + request.getRequestURI(), "http");
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String endpoint = request.getMethod() + " " + (pattern == null ? "UNKNOWN" : pattern.toString());
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
