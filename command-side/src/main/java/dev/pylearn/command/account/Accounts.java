package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Credentials and roles, kept beside the event store rather than in it. {@link #open} and the
 * changes run inside the command's transaction, so a username is claimed exactly when the learner
 * is created and a role or password changes exactly when its event is stored.
 * <p>
 * Every account has a token generation: tokens carry the generation they were issued in, and a
 * password or role change moves the account to the next one, which revokes every older token
 * (see {@link TokenRevocations}).
 */
@Component
public class Accounts {

    /** A stored account; {@code roles} without the ROLE_ prefix. */
    public record Account(String learnerId, String username, String passwordHash, Set<String> roles,
                          long tokenGeneration) {
    }

    /** The roles after a grant or revocation; {@code changed} is false when the account already had them. */
    public record RoleChange(Set<String> roles, boolean changed) {
    }

    private static final String COLUMNS = "learner_id, username, password_hash, roles, token_generation";

    private final JdbcClient jdbc;
    private final TokenRevocations revocations;

    Accounts(JdbcClient jdbc, TokenRevocations revocations) {
        this.jdbc = jdbc;
        this.revocations = revocations;
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
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> account(rs))
                .optional();
    }

    public Optional<Account> findById(String learnerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE learner_id = ?")
                .param(learnerId)
                .query((rs, n) -> account(rs))
                .optional();
    }

    /**
     * Replaces the password and moves the account to its next token generation, ending every
     * session opened before.
     *
     * @return the new generation
     */
    public long changePassword(String learnerId, String passwordHash) {
        long generation = jdbc.sql("UPDATE account SET password_hash = ?, token_generation = token_generation + 1 "
                        + "WHERE learner_id = ? RETURNING token_generation")
                .params(passwordHash, learnerId).query(Long.class).single();
        revocations.sessionsEnded(learnerId, generation);
        return generation;
    }

    /**
     * Stores a hash of the same password made with stronger parameters (on log-in); sessions go on.
     * Nothing happens when the password changed meanwhile.
     */
    void upgradeHash(String learnerId, String oldHash, String newHash) {
        jdbc.sql("UPDATE account SET password_hash = ? WHERE learner_id = ? AND password_hash = ?")
                .params(newHash, learnerId, oldHash).update();
    }

    /** Adds a role in one statement, so concurrent grants cannot lose each other. */
    public RoleChange grantRole(String learnerId, String role) {
        Optional<String> changed = jdbc.sql("UPDATE account SET roles = roles || ',' || :role, "
                        + "token_generation = token_generation + 1 WHERE learner_id = :id "
                        + "AND NOT (:role = ANY (string_to_array(roles, ','))) RETURNING roles, token_generation")
                .param("role", role).param("id", learnerId)
                .query((rs, n) -> ended(learnerId, rs)).optional();
        return changed.map(roles -> new RoleChange(roles(roles), true)).orElseGet(() -> unchanged(learnerId));
    }

    /**
     * Removes a role. Taking ADMIN first locks every admin's row, so two admins revoking each
     * other at once are served one after the other and the second finds the last admin.
     */
    public RoleChange revokeRole(String learnerId, String role) {
        if (Roles.ADMIN.equals(role)) {
            List<String> admins = jdbc.sql("SELECT learner_id FROM account WHERE :role = ANY (string_to_array(roles, ',')) "
                            + "ORDER BY learner_id FOR UPDATE")
                    .param("role", role).query(String.class).list();
            if (admins.equals(List.of(learnerId))) {
                throw new Rejection(Rejection.Kind.CONFLICT, "last-admin", "Last admin",
                        "This account is the last admin; grant ADMIN to another account before revoking it here.");
            }
        }
        Optional<String> changed = jdbc.sql("UPDATE account SET roles = array_to_string(array_remove("
                        + "string_to_array(roles, ','), :role), ','), token_generation = token_generation + 1 "
                        + "WHERE learner_id = :id AND :role = ANY (string_to_array(roles, ',')) "
                        + "RETURNING roles, token_generation")
                .param("role", role).param("id", learnerId)
                .query((rs, n) -> ended(learnerId, rs)).optional();
        return changed.map(roles -> new RoleChange(roles(roles), true)).orElseGet(() -> unchanged(learnerId));
    }

    private String ended(String learnerId, ResultSet rs) throws SQLException {
        revocations.sessionsEnded(learnerId, rs.getLong("token_generation"));
        return rs.getString("roles");
    }

    private RoleChange unchanged(String learnerId) {
        String roles = jdbc.sql("SELECT roles FROM account WHERE learner_id = ?").param(learnerId).query(String.class)
                .optional()
                .orElseThrow(() -> Rejection.notFound("unknown-account", "No account with learner id '" + learnerId
                        + "'."));
        return new RoleChange(roles(roles), false);
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString("learner_id"), rs.getString("username"), rs.getString("password_hash"),
                roles(rs.getString("roles")), rs.getLong("token_generation"));
    }

    private static Set<String> roles(String roles) {
        Set<String> set = new LinkedHashSet<>();
        Arrays.stream(roles.split(",")).filter(role -> !role.isBlank()).forEach(set::add);
        return set;
    }
}
