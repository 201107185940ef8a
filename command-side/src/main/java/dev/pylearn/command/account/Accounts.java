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

    /**
     * Sets the account's roles (in one statement, so concurrent grants cannot lose each other).
     *
     * @return the roles now held, or empty if there is no such account
     */
    Optional<Set<String>> changeRole(String learnerId, String role, boolean granted) {
        String sql = granted
                ? "UPDATE account SET roles = roles || ',' || :role WHERE learner_id = :id "
                        + "AND NOT (:role = ANY (string_to_array(roles, ','))) RETURNING roles"
                : "UPDATE account SET roles = array_to_string(array_remove(string_to_array(roles, ','), :role), ',') "
                        + "WHERE learner_id = :id RETURNING roles";
        Optional<String> changed = jdbc.sql(sql).param("role", role).param("id", learnerId).query(String.class)
                .optional();
        if (changed.isEmpty()) {
            changed = jdbc.sql("SELECT roles FROM account WHERE learner_id = ?").param(learnerId).query(String.class)
                    .optional();
        }
        return changed.map(roles -> new LinkedHashSet<>(Arrays.asList(roles.split(","))));
    }

    void changePassword(String learnerId, String passwordHash) {
        jdbc.sql("UPDATE account SET password_hash = ? WHERE learner_id = ?").params(passwordHash, learnerId).update();
    }
}
