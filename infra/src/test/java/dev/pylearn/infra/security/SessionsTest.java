package dev.pylearn.infra.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import dev.pylearn.infra.support.TestServices;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Log-out ends one session; password and role changes end every session opened before them, on
 * every node within seconds. A token that no longer counts is a 401 wherever it is sent.
 */
class SessionsTest extends PlatformTest {

    private String logIn(String username, String password) {
        Api.Response response = api.post("/api/auth/login", null, Map.of("username", username, "password", password));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("token").asString();
    }

    private static void assertEnded(Api.Response response) {
        assertProblem(response, 401, "authentication-required");
        assertThat(response.json().get("detail").asString()).contains("session has ended");
    }

    @Test
    void logOutEndsThatSessionAndNoOther() {
        Learner learner = register();
        String laptop = logIn(learner.username(), PASSWORD);
        Api.Response out = api.post("/api/auth/logout", laptop, null);
        assertThat(out.status()).as(out.text()).isEqualTo(204);

        assertEnded(api.get("/api/me", laptop));
        assertEnded(api.get("/api/me/dashboard", laptop));
        assertEnded(api.post("/api/auth/logout", laptop, null));
        assertThat(api.get("/api/me", learner.token()).status()).isEqualTo(200);
        assertProblem(api.post("/api/auth/logout", null, null), 401, "authentication-required");
    }

    @Test
    void aPasswordChangeEndsEveryEarlierSessionAndAnswersWithAFreshToken() {
        Learner learner = register();
        String phone = logIn(learner.username(), PASSWORD);
        String newPassword = "a brand new passphrase";

        Api.Response changed = api.put("/api/me/password", learner.token(),
                Map.of("currentPassword", PASSWORD, "newPassword", newPassword));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("learnerId").asString()).isEqualTo(learner.learnerId());
        String fresh = changed.json().get("token").asString();
        assertThat(changed.json().get("expiresAt").asString()).isNotBlank();

        assertEnded(api.get("/api/me", learner.token()));
        assertEnded(api.get("/api/me", phone));
        assertThat(api.get("/api/me/dashboard", fresh).status()).isEqualTo(200);
        assertProblem(api.post("/api/auth/login", null, Map.of("username", learner.username(), "password", PASSWORD)),
                401, "invalid-credentials");
        logIn(learner.username(), newPassword);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type = 'dev.pylearn.api.learner.PasswordChanged'")
                .param(learner.learnerId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aWrongCurrentPasswordOrABadNewOneChangesNothing() {
        Learner learner = register();
        String hash = passwordHash(learner);
        assertProblem(api.put("/api/me/password", learner.token(),
                Map.of("currentPassword", "not my password", "newPassword", "a brand new passphrase")), 403,
                "wrong-password");
        assertProblem(api.put("/api/me/password", learner.token(),
                Map.of("currentPassword", PASSWORD, "newPassword", "short")), 400, "invalid-password");
        assertProblem(api.put("/api/me/password", learner.token(),
                Map.of("currentPassword", PASSWORD, "newPassword", learner.username())), 400, "invalid-password");
        assertProblem(api.put("/api/me/password", learner.token(), Map.of("newPassword", "a brand new passphrase")),
                400, "invalid-password");
        assertProblem(api.put("/api/me/password", learner.token(), "{"), 400, "malformed-body");
        assertProblem(api.put("/api/me/password", null, Map.of("currentPassword", PASSWORD,
                "newPassword", "a brand new passphrase")), 401, "authentication-required");
        assertThat(passwordHash(learner)).isEqualTo(hash);
        assertThat(api.get("/api/me", learner.token()).status()).isEqualTo(200);
    }

    @Test
    void wrongCurrentPasswordsAreLimitedLikeLogIns() {
        Learner learner = register();
        for (int i = 0; i < 6; i++) {
            assertProblem(api.put("/api/me/password", learner.token(),
                    Map.of("currentPassword", "guess " + i, "newPassword", "a brand new passphrase")), 403,
                    "wrong-password");
        }
        Api.Response held = api.put("/api/me/password", learner.token(),
                Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase"));
        assertProblem(held, 429, "too-many-attempts");
        assertThat(held.header("Retry-After")).isNotNull();
    }

    @Test
    void aRoleChangeEndsTheAccountsSessionsAndTheNextTokenCarriesTheRole() {
        Learner learner = register();
        Api.Response granted = api.send(api.request("/api/admin/accounts/" + learner.learnerId() + "/roles/ANALYST",
                adminToken()).PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        assertEnded(api.get("/api/me", learner.token()));

        String analyst = logIn(learner.username(), PASSWORD);
        assertThat(api.get("/api/auth/session", analyst).json().get("roles").toString()).contains("ANALYST");
        assertThat(api.get("/api/analytics/track-funnels?limit=1", analyst).status()).isEqualTo(200);

        Api.Response revoked = api.delete("/api/admin/accounts/" + learner.learnerId() + "/roles/ANALYST",
                adminToken());
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertEnded(api.get("/api/analytics/track-funnels?limit=1", analyst));
        String learnerAgain = logIn(learner.username(), PASSWORD);
        assertProblem(api.get("/api/analytics/track-funnels?limit=1", learnerAgain), 403, "forbidden");
    }

    /**
     * Another node changes the account in the database and sends the notification, as
     * {@code TokenRevocations} does; this node must stop taking the old tokens within seconds.
     */
    @Test
    void sessionsEndedOnAnotherNodeEndHereWithinSeconds() throws Exception {
        Learner passwordChanged = register();
        Learner loggedOut = register();
        String loggedOutToken = logIn(loggedOut.username(), PASSWORD);
        String jti = claim(loggedOutToken, "jti");

        TestServices.Database database = TestServices.database();
        try (Connection otherNode = DriverManager.getConnection(database.url(), database.username(),
                database.password())) {
            otherNode.setAutoCommit(false);
            try (PreparedStatement bump = otherNode.prepareStatement("UPDATE account SET token_generation = "
                    + "token_generation + 1 WHERE learner_id = ? RETURNING token_generation")) {
                bump.setString(1, passwordChanged.learnerId());
                var rs = bump.executeQuery();
                rs.next();
                notify(otherNode, "g " + rs.getLong(1) + " " + passwordChanged.learnerId());
            }
            long expiry = java.time.Instant.now().plusSeconds(3600).getEpochSecond();
            try (PreparedStatement revoke = otherNode.prepareStatement("INSERT INTO revoked_token (token_id, learner_id, "
                    + "expires_at) VALUES (?, ?, to_timestamp(?))")) {
                revoke.setString(1, jti);
                revoke.setString(2, loggedOut.learnerId());
                revoke.setLong(3, expiry);
                revoke.executeUpdate();
            }
            notify(otherNode, "t " + expiry + " " + jti);
            // nothing counts before the other node commits
            assertThat(api.get("/api/me", passwordChanged.token()).status()).isEqualTo(200);
            otherNode.commit();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEnded(api.get("/api/me/dashboard", passwordChanged.token()));
            assertEnded(api.get("/api/me/dashboard", loggedOutToken));
        });
        assertThat(api.get("/api/me", loggedOut.token()).status()).isEqualTo(200);
    }

    private static void notify(Connection connection, String payload) throws Exception {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('pylearn_token_revocations', ?)")) {
            notify.setString(1, payload);
            notify.execute();
        }
    }

    private static String claim(String token, String name) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(payload).get(name).asString();
    }

    private String passwordHash(Learner learner) {
        return jdbc.sql("SELECT password_hash FROM account WHERE learner_id = ?").param(learner.learnerId())
                .query(String.class).single();
    }
}
