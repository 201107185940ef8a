package dev.pylearn.command.account;

/** Role names as they appear in the token's {@code roles} claim. */
public final class Roles {
    public static final String LEARNER = "LEARNER";
    public static final String ADMIN = "ADMIN";

    private Roles() {
    }
}
