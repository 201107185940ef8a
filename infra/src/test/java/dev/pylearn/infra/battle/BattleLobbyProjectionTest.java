package dev.pylearn.infra.battle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import io.micrometer.core.instrument.DistributionSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The battle lobby's read model ({@code battle_lobby}, kept by the battles projection from the queue
 * and battle events): what {@code /api/battles/current} and the lobby page show through queue joins
 * and leaves, a challenge and its answer, a match and its end; the same rows again after a replay; the
 * page one statement.
 */
class BattleLobbyProjectionTest extends BattlePlatformTest {

    @Test
    void theLobbyFollowsTheQueueAndTheBattlesAndReplaysToTheSameRows() {
        Learner ann = register();
        Learner bob = register();
        Learner carol = register();
        Learner dave = register();

        // joining and leaving the queue: shown at once (the answer waits for the read model)
        assertThat(api.post("/api/battles/queue", ann.token(), Map.of()).status()).isEqualTo(202);
        JsonNode waiting = current(ann);
        assertThat(waiting.get("queuedSince").isNull()).isFalse();
        assertThat(waiting.get("battleId").isNull()).isTrue();
        assertThat(lobbyRow(ann).get("queued_since")).isNotNull();
        assertThat(api.delete("/api/battles/queue", ann.token()).status()).isEqualTo(204);
        assertThat(current(ann).get("queuedSince").isNull()).isTrue();

        // a challenge: both see it, each from their side; a decline clears it for both
        Api.Response requested = api.post("/api/battles", carol.token(), Map.of("opponent", dave.username()));
        assertThat(requested.status()).as(requested.text()).isEqualTo(201);
        String challenge = requested.json().get("battleId").asString();
        JsonNode challenger = current(carol);
        assertThat(challenger.get("battleId").asString()).isEqualTo(challenge);
        assertThat(challenger.get("status").asString()).isEqualTo("requested");
        assertThat(challenger.get("challenger").asBoolean()).isTrue();
        assertThat(challenger.get("opponentName").asString()).isEqualTo("Test " + dave.username());
        JsonNode challenged = current(dave);
        assertThat(challenged.get("challenger").asBoolean()).isFalse();
        assertThat(challenged.get("opponentName").asString()).isEqualTo("Test " + carol.username());
        assertThat(api.post("/api/battles/" + challenge + "/decline", dave.token(), Map.of()).status()).isEqualTo(200);
        assertThat(current(carol).get("battleId").isNull()).isTrue();
        assertThat(current(dave).get("battleId").isNull()).isTrue();

        // a match from the queue: the waiting learner leaves the queue and both see the running battle
        assertThat(api.post("/api/battles/queue", ann.token(), Map.of()).status()).isEqualTo(202);
        Api.Response matched = api.post("/api/battles/queue", bob.token(), Map.of());
        assertThat(matched.status()).as(matched.text()).isEqualTo(201);
        String battle = matched.json().get("battleId").asString();
        for (Learner player : List.of(ann, bob)) {
            JsonNode shown = current(player);
            assertThat(shown.get("battleId").asString()).isEqualTo(battle);
            assertThat(shown.get("status").asString()).isEqualTo("active");
            assertThat(shown.get("queuedSince").isNull()).isTrue();
        }
        assertThat(api.get("/battles", ann.token()).text()).contains("Your battle against Test " + bob.username()
                + " is running.");
        assertThat(lobbyStatements(ann)).isEqualTo(1);

        // a learner left waiting, then the replay
        assertThat(api.post("/api/battles/queue", carol.token(), Map.of()).status()).isEqualTo(202);
        List<Map<String, Object>> before = lobbyRows();

        assertThat(before).hasSizeGreaterThanOrEqualTo(4);
        StreamingEventProcessor processor = processing.eventProcessor("battles", StreamingEventProcessor.class)
                .orElseThrow();
        replay(processor, eventStore, () -> assertThat(lobbyRows()).as("the reset handler cleared the lobby").isEmpty());
        assertThat(lobbyRows()).isEqualTo(before);
        assertThat(current(carol).get("queuedSince").isNull()).isFalse();

        // the battle ends: neither player has an open battle any more
        assertThat(api.post("/api/battles/" + battle + "/forfeit", ann.token(), Map.of()).status()).isEqualTo(200);
        assertThat(current(ann).get("battleId").isNull()).isTrue();
        assertThat(current(bob).get("battleId").isNull()).isTrue();
        assertThat(api.delete("/api/battles/queue", carol.token()).status()).isEqualTo(204);
    }

    private JsonNode current(Learner learner) {
        Api.Response response = api.get("/api/battles/current", learner.token());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private Map<String, Object> lobbyRow(Learner learner) {
        return jdbc.sql("SELECT * FROM battle_lobby WHERE learner_id = ?").param(learner.learnerId())
                .query().singleRow();
    }

    private List<Map<String, Object>> lobbyRows() {
        return jdbc.sql("SELECT * FROM battle_lobby ORDER BY learner_id").query().listOfRows();
    }

    /** SQL statements the lobby page cost, as the platform counts them per route. */
    private double lobbyStatements(Learner learner) {
        DistributionSummary before = summary();
        long countBefore = before == null ? 0 : before.count();
        double totalBefore = before == null ? 0 : before.totalAmount();
        assertThat(api.get("/battles", learner.token()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> summary() != null && summary().count() > countBefore);
        return summary().totalAmount() - totalBefore;
    }

    private DistributionSummary summary() {
        return registry.find("pylearn.http.statements").tag("method", "GET").tag("uri", "/battles").summary();
    }
}
