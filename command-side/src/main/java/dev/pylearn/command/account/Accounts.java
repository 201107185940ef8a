package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Credentials and roles, kept beside the event store rather than in it. {@link #open} runs inside the
 * registering command's transaction, so a username is claimed exactly when the learner is created.
 */
@Component
public class Accounts {

    /** A stored account; {@code roles} without the ROLE_ prefix. */
    public record Account(String learnerId, String username, String passwordHash, Set<String> roles) {
    }

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void open(String learnerId, String username, String passwordHash, Set<String> roles) {
        try {
            jdbc.sql("INSERT INTO account (learner_id, username, password_hash, roles) VALUES (?, ?, ?, ?)")
                    .params(learnerId, username, passwordHash, String.join(",", roles))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new Rejection(Rejection.Kind.CONFLICT, "username-taken", "Username taken",
                    "The username '" + username + "' is already taken.");
        }
    }

    /** Case-insensitive, as the unique index is. */
    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT learner_id, username, password_hash, roles FROM account WHERE lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3),
                        new LinkedHashSet<>(Arrays.asList(rs.getString(4).split(",")))))
                .optional();
    }

    void changePassword(String learnerId, String passwordHash) {
        jdbc.sql("UPDATE account SET password_hash = ? WHERE learner_id = ?").params(passwordHash, learnerId).update();
    }
}
