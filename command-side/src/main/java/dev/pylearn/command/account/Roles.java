package dev.pylearn.command.account;

/** Role names as they appear in the token's {@code roles} claim. */
public final class Roles {
    public static final String LEARNER = "LEARNER";
    public static final String ADMIN = "ADMIN";
    /** Reads the analyst views (/api/analytics/...); granted by an admin. */
    public static final String ANALYST = "ANALYST";

    private Roles() {
    }
}
