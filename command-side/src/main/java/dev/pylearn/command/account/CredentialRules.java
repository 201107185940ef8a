package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;

/**
 * The documented password rules: 10 to 128 characters, not only white space, and not the username.
 * Length is what makes a password strong; composition rules only make people write them down.
 */
final class CredentialRules {

    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;

    private CredentialRules() {
    }

    static void checkPassword(String username, String password) {
        if (password == null || password.isBlank()) {
            throw Rejection.invalid("invalid-password", "A password is required.");
        }
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw Rejection.invalid("invalid-password",
                    "The password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long.");
        }
        if (username != null && password.equalsIgnoreCase(username)) {
            throw Rejection.invalid("invalid-password", "The password must not be the username.");
        }
    }
}
