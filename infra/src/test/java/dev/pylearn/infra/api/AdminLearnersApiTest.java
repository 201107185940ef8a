package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The admin's learner search ({@code GET /api/admin/learners}) and premium switch ({@code /api/admin/learners/{id}/premium}). */
class AdminLearnersApiTest extends PlatformTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private MeterRegistry registry;

    @Test
    void searchFindsUsernamesByTheirStartIgnoringCaseAndTakesWildcardsLiterally() {
        Learner learner = register();
        String prefix = learner.username().substring(0, 16);
        Api.Response found = api.get("/api/admin/learners?username=" + prefix.toUpperCase(), adminToken());
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        JsonNode first = found.json().valueStream().filter(l -> l.get("learnerId").asString().equals(learner.learnerId()))
                .findFirst().orElseThrow();
        assertThat(first.get("username").asString()).isEqualTo(learner.username());
        assertThat(first.get("roles").toString()).contains("LEARNER");
        assertThat(first.get("premium").asBoolean()).isFalse();

        // '_' and '%' are characters of a username, not wildcards
        assertThat(api.get("/api/admin/learners?username=learner_", adminToken()).json().size()).isZero();
        assertThat(api.get("/api/admin/learners?username=%25", adminToken()).json().size()).isZero();

        assertProblem(api.get("/api/admin/learners?username=", adminToken()), 400, "invalid-username-prefix");
        assertProblem(api.get("/api/admin/learners?username=" + prefix, learner.token()), 403, "forbidden");
    }

    @Test
    void searchIsARangeScanOfTheUsernameIndex() throws Exception {
        // the test database is small enough for a sequential scan to win; forbid it to see the index is usable
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            try (ResultSet rows = statement.executeQuery("EXPLAIN SELECT learner_id FROM learner_dashboard "
                    + "WHERE lower(username) LIKE 'learner-ab%' ESCAPE '\\' ORDER BY lower(username) LIMIT 20")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            } finally {
                statement.execute("RESET enable_seqscan");
            }
        }
        // the index by its definition, not its name: a blue-green rebuild of the dashboard (another test
        // may have run one) copies the table with its indexes under generated names
        assertThat(plan.toString()).contains("Index Cond: ((lower((username)::text) ~>=~ 'learner-ab'::text)")
                .doesNotContain("Seq Scan");
    }

    @Test
    void anAdminTurnsPremiumOnAndOffAndTheLearnerSeesIt() {
        Learner learner = register();
        Api.Response on = api.put("/api/admin/learners/" + learner.learnerId() + "/premium", adminToken(), Map.of());
        assertThat(on.status()).as(on.text()).isEqualTo(200);
        assertThat(on.json().get("premium").asBoolean()).isTrue();
        assertThat(api.get("/api/me", learner.token()).json().get("premium").asBoolean()).isTrue();
        // twice is the same
        assertThat(api.put("/api/admin/learners/" + learner.learnerId() + "/premium", adminToken(), Map.of())
                .json().get("premium").asBoolean()).isTrue();

        Api.Response off = api.delete("/api/admin/learners/" + learner.learnerId() + "/premium", adminToken());
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertThat(off.json().get("premium").asBoolean()).isFalse();
        assertThat(api.get("/api/me", learner.token()).json().get("premium").asBoolean()).isFalse();

        assertProblem(api.put("/api/admin/learners/no-such-learner/premium", adminToken(), Map.of()), 404,
                "unknown-learner");
        assertProblem(api.put("/api/admin/learners/" + learner.learnerId() + "/premium", learner.token(), Map.of()), 403,
                "forbidden");
        assertThat(api.get("/api/me", learner.token()).json().get("premium").asBoolean()).isFalse();
    }

    @Test
    void theSearchAndTheAnalystPreviewAreOneStatementEach() {
        register();
        assertThat(statementsOf("/api/admin/learners?username=learner-", "/api/admin/learners")).isEqualTo(1);
        assertThat(statementsOf("/admin/learners?username=learner-", "/admin/learners")).isEqualTo(1);
        assertThat(statementsOf("/analyst?view=track-funnels", "/analyst")).isEqualTo(1);
    }

    /** Statements a request cost, as the platform counts them per route (see StatementCountTest). */
    private double statementsOf(String path, String route) {
        DistributionSummary before = summary(route);
        long countBefore = before == null ? 0 : before.count();
        double totalBefore = before == null ? 0 : before.totalAmount();
        Api.Response response = api.get(path, adminToken());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> summary(route) != null && summary(route).count() > countBefore);
        DistributionSummary after = summary(route);
        assertThat(after.count() - countBefore).isEqualTo(1);
        return after.totalAmount() - totalBefore;
    }

    private DistributionSummary summary(String route) {
        return registry.find("pylearn.http.statements").tag("method", "GET").tag("uri", route).summary();
    }
}
