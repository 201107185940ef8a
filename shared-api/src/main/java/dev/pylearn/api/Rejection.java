package dev.pylearn.api;

/**
 * A request the platform refuses because of what the caller sent or may do, or because it is too
 * busy to take it now ({@link Kind#UNAVAILABLE}, with a time to come back); never a fault of the
 * platform. Every role module throws this one type, and the web layer turns it into an RFC 9457
 * problem: {@link Kind} picks the status, {@code type} is the stable slug clients match on.
 * It is plain Java, not a record, because it must be throwable; it keeps shared-api free of Spring.
 */
public class Rejection extends RuntimeException {

    /** The family of the refusal, which decides the HTTP status (the same for an API answer and a page). */
    public enum Kind {
        INVALID(400), UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), TOO_LARGE(413),
        TOO_MANY(429), UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final Long retryAfterSeconds;

    public Rejection(Kind kind, String type, String title, String detail) {
        this(kind, type, title, detail, null);
    }

    public Rejection(Kind kind, String type, String title, String detail, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.type = type;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static Rejection invalid(String type, String detail) {
        return new Rejection(Kind.INVALID, type, "Invalid request", detail);
    }

    public static Rejection notFound(String type, String detail) {
        return new Rejection(Kind.NOT_FOUND, type, "Not found", detail);
    }

    public Kind kind() {
        return kind;
    }

    /** Stable slug, e.g. {@code lesson-locked}; clients match on it, so never rename one. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** For {@link Kind#TOO_MANY} and {@link Kind#UNAVAILABLE}: when to try again, sent as Retry-After; null otherwise. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
