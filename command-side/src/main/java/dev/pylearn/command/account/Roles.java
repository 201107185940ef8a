package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import java.util.Locale;
import java.util.Set;

/** Role names as they appear in the token's {@code roles} claim. */
public final class Roles {
    public static final String LEARNER = "LEARNER";
    public static final String ADMIN = "ADMIN";
    /** Reads the analyst views (/api/analytics/...); granted by an admin. */
    public static final String ANALYST = "ANALYST";

    private static final Set<String> GRANTABLE = Set.of(ANALYST, ADMIN);

    private Roles() {
    }

    /** A role an admin may grant or revoke, in its canonical spelling; 400 {@code unknown-role} otherwise. */
    public static String grantable(String role) {
        String name = role == null ? "" : role.strip().toUpperCase(Locale.ROOT);
        if (!GRANTABLE.contains(name)) {
            throw Rejection.invalid("unknown-role", "Roles an admin can grant or revoke: ANALYST, ADMIN; not '"
                    + role + "'.");
        }
        return name;
    }
}
