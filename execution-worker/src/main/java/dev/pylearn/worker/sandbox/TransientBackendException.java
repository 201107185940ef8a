package dev.pylearn.worker.sandbox;

import java.time.Duration;

/**
 * The backend could not run the code this time: 429, 5xx, a refused or dropped connection, a time
 * out. {@code retryAfter} is the backend's own hint (Retry-After), or null.
 */
public class TransientBackendException extends RuntimeException {

    private final Duration retryAfter;

    public TransientBackendException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
