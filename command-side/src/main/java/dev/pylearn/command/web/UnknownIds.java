package dev.pylearn.command.web;

import dev.pylearn.api.Rejection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Ids from a URL that name no aggregate of the expected kind, answered as a 404 of the caller's own
 * type rather than Axon's exceptions (a 500). Another aggregate's id (a learner's id sent as a thread's)
 * loads events the expected type has no handler for, which Axon reports as an incompatible aggregate.
 */
public final class UnknownIds {

    private static final int MAX_ID = 200;

    private UnknownIds() {
    }

    /** Refuses a missing or absurdly long id before any command is sent. */
    public static String checked(String id, String type, String what) {
        if (id == null || id.isBlank() || id.length() > MAX_ID) {
            throw Rejection.notFound(type, "There is no such " + what + ".");
        }
        return id;
    }

    /** The command's answer, with an unknown aggregate turned into 404 {@code type}. */
    public static <T> CompletableFuture<T> sent(Supplier<CompletableFuture<T>> send, String type, String detail) {
        return send.get().exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof AggregateNotFoundException || cause instanceof IncompatibleAggregateException) {
                throw Rejection.notFound(type, detail);
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        });
    }
}
