package dev.pylearn.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Role grants and revocations are events of the account; the last admin stays an admin. */
class RolesTest extends PlatformTest {

    private Api.Response grant(String learnerId, String role, String token) {
        return api.send(api.request("/api/admin/accounts/" + learnerId + "/roles/" + role, token)
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void grantsAndRevocationsAreTheAccountsAuditTrail() {
        Learner learner = register();
        String admin = adminToken();
        String adminId = api.get("/api/auth/session", admin).json().get("learnerId").asString();
        assertThat(grant(learner.learnerId(), "analyst", admin).json().get("roles").toString()).contains("ANALYST");
        // granting it again changes nothing and records nothing
        assertThat(grant(learner.learnerId(), "ANALYST", admin).status()).isEqualTo(200);
        Api.Response revoked = api.delete("/api/admin/accounts/" + learner.learnerId() + "/roles/analyst", admin);
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.json().get("roles").toString()).doesNotContain("ANALYST");

        List<Map<String, Object>> trail = jdbc.sql("SELECT payload_type, convert_from(payload, 'UTF8') AS payload "
                        + "FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.Role%' "
                        + "ORDER BY sequence_number")
                .param(learner.learnerId()).query().listOfRows();
        assertThat(trail).extracting(row -> row.get("payload_type")).containsExactly(
                "dev.pylearn.api.learner.RoleGranted", "dev.pylearn.api.learner.RoleRevoked");
        assertThat(trail).allSatisfy(row -> assertThat(row.get("payload").toString()).contains(adminId, "ANALYST"));
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        String admin = adminToken();
        String adminId = api.get("/api/auth/session", admin).json().get("learnerId").asString();
        Learner second = register();
        assertThat(grant(second.learnerId(), "admin", admin).status()).isEqualTo(200);
        String secondAdmin = api.post("/api/auth/login", null, Map.of("username", second.username(), "password",
                PASSWORD)).json().get("token").asString();
        // other tests may have left admins behind: the second admin removes every admin but the first
        for (String other : jdbc.sql("SELECT learner_id FROM account WHERE 'ADMIN' = ANY (string_to_array(roles, ',')) "
                + "AND learner_id NOT IN (?, ?)").params(adminId, second.learnerId()).query(String.class).list()) {
            assertThat(api.delete("/api/admin/accounts/" + other + "/roles/ADMIN", secondAdmin).status()).isEqualTo(200);
        }
        // the second admin may step down while the first remains...
        assertThat(api.delete("/api/admin/accounts/" + second.learnerId() + "/roles/ADMIN", secondAdmin).status())
                .isEqualTo(200);
        // ...but the first is now the last, and cannot be removed, not even by itself
        long events = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(adminId)
                .query(Long.class).single();
        assertProblem(api.delete("/api/admin/accounts/" + adminId + "/roles/ADMIN", admin), 409, "last-admin");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(adminId)
                .query(Long.class).single()).isEqualTo(events);
        assertThat(api.get("/api/admin/projections", admin).status()).isEqualTo(200);
    }

    @Test
    void unknownRolesAndAccountsAreRefused() {
        String admin = adminToken();
        Learner learner = register();
        assertProblem(grant(learner.learnerId(), "wizard", admin), 400, "unknown-role");
        assertProblem(grant(learner.learnerId(), "LEARNER", admin), 400, "unknown-role");
        assertProblem(grant("no-such-learner", "ANALYST", admin), 404, "unknown-account");
        assertProblem(grant(learner.learnerId(), "ANALYST", learner.token()), 403, "forbidden");
        assertThat(api.get("/api/me", learner.token()).status()).isEqualTo(200);
    }
}
