package dev.pylearn.infra.observability;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Counts the SQL statements each HTTP request runs, on datasource-proxy (wired in by
 * datasource-micrometer). The count lives per request thread; {@link RequestStatementsFilter} opens
 * and closes it and records it as {@code pylearn.http.statements} per route.
 */
@Component
public class StatementCounter implements QueryExecutionListener {

    private static final ThreadLocal<int[]> CURRENT = new ThreadLocal<>();

    private final MeterRegistry registry;

    StatementCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        int[] count = CURRENT.get();
        if (count != null) {
            count[0]++;
        }
    }

    void begin() {
        CURRENT.set(new int[1]);
    }

    /** Ends the count of this thread's request and records it; returns the count. */
    int end(String method, String route) {
        int[] count = CURRENT.get();
        CURRENT.remove();
        int statements = count == null ? 0 : count[0];
        DistributionSummary.builder("pylearn.http.statements")
                .description("SQL statements run by one HTTP request")
                .tag("method", method)
                .tag("uri", route)
                .register(registry)
                .record(statements);
        return statements;
    }
}
