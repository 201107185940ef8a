package dev.pylearn.infra.battle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;

/**
 * The battles projection on its own: the rows of battles, histories, Elo ratings and lobby that a
 * sequence of battles leaves, each rating computed from the one the battle before left (in a replay,
 * battles of the same learner end in the same batch, applied in memory one after the other), the same
 * rows again after a replay, and a replay's batches a few statements each rather than a few an event.
 */
class BattleProjectionTest extends BattlePlatformTest {

    @Test
    void battlesLeaveTheirRowsAndRatingsAndAReplayRebuildsThemInAFewStatementsABatch() {
        Learner ann = register();
        Learner bob = register();
        Learner carol = register();
        Learner dave = register();

        // bob beats ann (ann forfeits), then carol: Elo with K = 32 from 1200 each; the second battle's
        // change comes from bob's rating after the first (1216 against 1200: expected 0.523, +15)
        forfeit(challengeAndAccept(ann, bob), ann);
        forfeit(challengeAndAccept(bob, carol), carol);
        // a declined challenge is in both histories without a rating change
        String declined = challenge(ann, carol);
        assertThat(api.post("/api/battles/" + declined + "/decline", carol.token(), Map.of()).status()).isEqualTo(200);
        // dave waits in the queue
        assertThat(api.post("/api/battles/queue", dave.token(), Map.of()).status()).isEqualTo(202);

        List<Learner> learners = List.of(ann, bob, carol, dave);
        assertThat(ratings(learners)).containsExactly(
                Map.of("learner_id", ann.learnerId(), "rating", 1184, "battles", 1, "wins", 0),
                Map.of("learner_id", carol.learnerId(), "rating", 1185, "battles", 1, "wins", 0),
                Map.of("learner_id", bob.learnerId(), "rating", 1231, "battles", 2, "wins", 2));
        assertThat(outcomes(carol)).containsExactlyInAnyOrder("forfeited 1185 -15", "declined 1185 0");
        assertThat(outcomes(ann)).containsExactlyInAnyOrder("forfeited 1184 -16", "declined 1184 0");
        assertThat(outcomes(bob)).containsExactlyInAnyOrder("won 1216 16", "won 1231 15");
        String rowsBefore = rows(learners);
        assertThat(rowsBefore).contains("\"battle_status\":null").contains(declined);

        StreamingEventProcessor battles = processing.eventProcessor("battles", StreamingEventProcessor.class)
                .orElseThrow();
        DistributionSummary statements = registry.find("pylearn.handler.statements")
                .tag("processor", "event-processor battles").summary();
        long batchesBefore = statements == null ? 0 : statements.count();
        double statementsBefore = statements == null ? 0 : statements.totalAmount();
        replay(battles, eventStore, () -> assertThat(rows(learners)).as("the reset handler cleared the tables")
                .isEqualTo("[][][][]"));

        assertThat(rows(learners)).isEqualTo(rowsBefore);
        DistributionSummary after = registry.find("pylearn.handler.statements")
                .tag("processor", "event-processor battles").summary();
        assertThat(after).isNotNull();
        long batches = after.count() - batchesBefore;
        double perBatch = (after.totalAmount() - statementsBefore) / batches;
        long events = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE 'dev.pylearn.api.battle.%'")
                .query(Long.class).single();
        assertThat(batches).isPositive();
        // four reads and four writes at most, with the token's own statements (these 15 events alone cost 41
        // statements in one batch when each event wrote its own rows)
        assertThat(perBatch).as("statements per batch over %d batches of %d battle events (max %s)", batches, events,
                after.max()).isLessThan(16);
        assertThat(api.delete("/api/battles/queue", dave.token()).status()).isEqualTo(204);
    }

    private List<Map<String, Object>> ratings(List<Learner> learners) {
        return jdbc.sql("SELECT learner_id, rating, battles, wins FROM battle_rating WHERE learner_id = ANY (?) "
                        + "ORDER BY rating")
                .param(ids(learners)).query().listOfRows();
    }

    private List<String> outcomes(Learner learner) {
        return jdbc.sql("SELECT outcome || ' ' || rating_after || ' ' || rating_change FROM battle_history "
                        + "WHERE learner_id = ?")
                .param(learner.learnerId()).query(String.class).list();
    }

    /** Every row of the four tables that concerns these learners, as JSON. */
    private String rows(List<Learner> learners) {
        return jdbc.sql("""
                        SELECT coalesce((SELECT json_agg(b ORDER BY battle_id)::text FROM battle b
                                         WHERE learner_a = ANY (:ids) OR learner_b = ANY (:ids)), '[]')
                            || coalesce((SELECT json_agg(h ORDER BY learner_id, battle_id)::text FROM battle_history h
                                         WHERE learner_id = ANY (:ids)), '[]')
                            || coalesce((SELECT json_agg(r ORDER BY learner_id)::text FROM battle_rating r
                                         WHERE learner_id = ANY (:ids)), '[]')
                            || coalesce((SELECT json_agg(l ORDER BY learner_id)::text FROM battle_lobby l
                                         WHERE learner_id = ANY (:ids)), '[]')""")
                .param("ids", ids(learners)).query(String.class).single();
    }

    private static String[] ids(List<Learner> learners) {
        return learners.stream().map(Learner::learnerId).toArray(String[]::new);
    }
}
