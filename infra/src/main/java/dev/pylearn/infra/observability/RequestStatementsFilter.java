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

/** Opens a statement count for each request and records it under the matched route pattern. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestStatementsFilter extends OncePerRequestFilter {

    private final StatementCounter counter;

    RequestStatementsFilter(StatementCounter counter) {
        this.counter = counter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        counter.begin();
        try {
            chain.doFilter(request, response);
        } finally {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            counter.end(request.getMethod(), pattern == null ? "UNKNOWN" : pattern.toString());
        }
    }
}
