package dev.pylearn.query.web;

import dev.pylearn.api.Rejection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Asks the query bus and waits, giving back a handler's {@link Rejection} as itself rather than
 * wrapped, so the web layer answers with the right problem.
 */
@Component
public class Queries {

    private final QueryGateway gateway;

    Queries(QueryGateway gateway) {
        this.gateway = gateway;
    }

    public <R> Optional<R> one(Object query, Class<R> type) {
        return unwrap(() -> gateway.query(query, ResponseTypes.optionalInstanceOf(type)).join());
    }

    public <R> List<R> many(Object query, Class<R> type) {
        return unwrap(() -> gateway.query(query, ResponseTypes.multipleInstancesOf(type)).join());
    }

    private static <T> T unwrap(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof QueryExecutionException || cause instanceof CompletionException) {
                if (cause.getCause() == null) {
                    break;
                }
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
