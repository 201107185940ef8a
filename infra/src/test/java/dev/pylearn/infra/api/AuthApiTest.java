package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

class AuthApiTest extends PlatformTest {

    @Autowired
    JwtEncoder encoder;

    @Test
    void registeredLearnerCanLogInAndReadOwnProfile() {
        Learner learner = register("Europe/Berlin");

        Api.Response login = api.post("/api/auth/login", null,
                Map.of("username", learner.username().toUpperCase(), "password", PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("learnerId").asString()).isEqualTo(learner.learnerId());

        Api.Response me = api.get("/api/me", login.json().get("token").asString());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("learnerId").isString()).isTrue();
        assertThat(me.json().get("username").asString()).isEqualTo(learner.username());
        assertThat(me.json().get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(me.json().get("xp").asLong()).isZero();
        assertThat(me.json().get("level").asInt()).isEqualTo(1);
        assertThat(me.json().get("premium").asBoolean()).isFalse();
    }

    @Test
    void passwordIsStoredAsArgon2Hash() {
        Learner learner = register();
        String hash = jdbc.sql("SELECT password_hash FROM account WHERE learner_id = ?").param(learner.learnerId())
                .query(String.class).single();
        assertThat(hash).startsWith("$argon2id$").doesNotContain(PASSWORD);
    }

    @Test
    void duplicateUsernameIsAConflictAndChangesNothing() {
        Learner learner = register();
        long accounts = countAccounts();
        Api.Response again = api.post("/api/auth/register", null, Map.of("username", learner.username().toUpperCase(),
                "password", PASSWORD, "displayName", "Copy", "timezone", "UTC"));
        assertProblem(again, 409, "username-taken");
        assertThat(countAccounts()).isEqualTo(accounts);
    }

    @Test
    void badRegistrationsAreRefusedWithReasons() {
        long accounts = countAccounts();
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "shortpw", "password", "short",
                "timezone", "UTC")), 400, "invalid-password");
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "samesame-pw", "password", "samesame-pw",
                "timezone", "UTC")), 400, "invalid-password");
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "x", "password", PASSWORD,
                "timezone", "UTC")), 400, "invalid-username");
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "has space", "password", PASSWORD,
                "timezone", "UTC")), 400, "invalid-username");
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "zoneless", "password", PASSWORD,
                "timezone", "Mars/Olympus")), 400, "invalid-timezone");
        assertProblem(api.post("/api/auth/register", null, Map.of("username", "offsetzone", "password", PASSWORD,
                "timezone", "+02:00")), 400, "invalid-timezone");
        assertProblem(api.post("/api/auth/register", null, "{\"username\": \"broken\", "), 400, "malformed-body");
        assertProblem(api.post("/api/auth/register", null, "[1, 2]"), 400, "malformed-body");
        assertProblem(api.post("/api/auth/register", null, ""), 400, "malformed-body");
        assertProblem(api.postRaw("/api/auth/register", null, "text/plain", "hello".getBytes()), 415,
                "unsupported-media-type");
        assertThat(countAccounts()).isEqualTo(accounts);
    }

    @Test
    void oversizedBodyIsRefused() {
        byte[] big = ("{\"username\":\"" + "a".repeat(300_000) + "\"}").getBytes();
        assertProblem(api.postRaw("/api/auth/register", null, "application/json", big), 413, "body-too-large");
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        Learner learner = register();
        Api.Response wrong = api.post("/api/auth/login", null, Map.of("username", learner.username(),
                "password", "not the password at all"));
        Api.Response unknown = api.post("/api/auth/login", null, Map.of("username", "nobody-here-at-all",
                "password", PASSWORD));
        assertProblem(wrong, 401, "invalid-credentials");
        assertProblem(unknown, 401, "invalid-credentials");
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    }

    @Test
    void missingForgedAndExpiredTokensAreUnauthorized() {
        Learner learner = register();
        assertProblem(api.get("/api/me", null), 401, "authentication-required");
        assertProblem(api.get("/api/me/dashboard", "not-a-token"), 401, "authentication-required");

        String[] parts = learner.token().split("\\.");
        // one character of the signature changed (to another one: a signature starting with "A" stayed valid)
        String forged = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A")
                + parts[2].substring(1);
        assertProblem(api.get("/api/me", forged), 401, "authentication-required");

        Instant past = Instant.now().minusSeconds(7200);
        String expired = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                JwtClaimsSet.builder().issuer("pylearn").subject(learner.learnerId()).issuedAt(past)
                        .expiresAt(past.plusSeconds(60)).claim("roles", List.of("LEARNER")).build())).getTokenValue();
        Api.Response response = api.get("/api/me", expired);
        assertProblem(response, 401, "authentication-required");
        assertThat(response.json().get("detail").asString()).contains("expired");
    }

    @Test
    void learnerTokenOnAdminRouteIsForbidden() {
        Learner learner = register();
        Api.Response response = api.post("/api/admin/learners/" + learner.learnerId() + "/xp", learner.token(),
                Map.of("amount", 1000, "reason", "self-service"));
        assertProblem(response, 403, "forbidden");
        assertThat(api.get("/api/me", learner.token()).json().get("xp").asLong()).isZero();
    }

    @Test
    void adminAccountExistsFromStartUp() {
        String token = adminToken();
        Api.Response me = api.get("/api/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo("admin");
    }

    @Test
    void unknownRouteAndWrongMethodAreProblems() {
        Learner learner = register();
        assertProblem(api.get("/api/no-such-thing", learner.token()), 404, "not-found");
        assertProblem(api.delete("/api/tracks", learner.token()), 405, "method-not-allowed");
        // refused by the servlet container itself, before Spring sees it
        assertProblem(api.get("/api/tracks/a%2Fb", null), 400, "bad-request");
    }

    private long countAccounts() {
        return jdbc.sql("SELECT count(*) FROM account").query(Long.class).single();
    }
}
