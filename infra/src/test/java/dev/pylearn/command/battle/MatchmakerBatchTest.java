package dev.pylearn.command.battle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.JoinBattleQueue;
import dev.pylearn.api.battle.LeaveBattleQueue;
import dev.pylearn.api.battle.QueueResult;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch of joins against the real PostgreSQL: handled in arrival order as if each came alone, a
 * refused join changes nothing and does not undo the others. The learners' level is far from any
 * other test's, so nobody else's queue row is within their reach.
 */
class MatchmakerBatchTest extends PlatformTest {

    static final int LEVEL = 5_000;

    @Autowired
    CommandGateway commands;

    @Test
    void aBatchPairsInArrivalOrderAndRefusesOnlyTheJoinsThatMayNot() {
        Learner ann = register();
        Learner bob = register();
        Learner carol = register();
        Learner dave = register();
        Learner erin = register();
        // dave holds a seat: he has challenged erin
        Api.Response challenged = api.post("/api/battles", dave.token(), Map.of("opponent", erin.username()));
        assertThat(challenged.status()).as(challenged.text()).isEqualTo(201);
        String challenge = challenged.json().get("battleId").asString();
        Instant now = Instant.now();

        List<Object> results = commands.sendAndWait(new JoinBattleQueues(List.of(join(ann, now), join(bob, now.plusMillis(1)),
                join(ann, now.plusMillis(2)), join(dave, now.plusMillis(3)), join(carol, now.plusMillis(4)),
                join(carol, now.plusMillis(5)))));

        assertThat(results).hasSize(6);
        assertThat(results.get(0)).isEqualTo(new QueueResult(null, -1));
        String battleId = ((QueueResult) results.get(1)).battleId();
        assertThat(battleId).isNotNull();
        assertThat(rejection(results.get(2))).isEqualTo("already-in-battle");
        assertThat(rejection(results.get(3))).isEqualTo("already-in-battle");
        assertThat(results.get(4)).isEqualTo(new QueueResult(null, -1));
        assertThat(rejection(results.get(5))).isEqualTo("already-queued");

        assertThat(seatOf(ann)).isEqualTo(battleId);
        assertThat(seatOf(bob)).isEqualTo(battleId);
        assertThat(seatOf(carol)).isNull();
        assertThat(queued()).as("carol waits; ann and bob left the queue for their battle; dave never joined it")
                .containsExactly(carol.learnerId());
        assertThat(joinedEvents(ann)).isEqualTo(1);
        assertThat(joinedEvents(bob)).isEqualTo(1);
        assertThat(joinedEvents(carol)).isEqualTo(1);
        assertThat(joinedEvents(dave)).isZero();
        assertThat(jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(battleId).query(String.class).list())
                .containsExactly("dev.pylearn.api.battle.BattleMatched", "dev.pylearn.api.battle.BattleStarted");

        commands.sendAndWait(new LeaveBattleQueue(carol.learnerId(), Instant.now()));
        assertThat(api.post("/api/battles/" + battleId + "/forfeit", ann.token(), Map.of()).status()).isEqualTo(200);
        assertThat(api.post("/api/battles/" + challenge + "/decline", erin.token(), Map.of()).status()).isEqualTo(200);
    }

    private JoinBattleQueue join(Learner learner, Instant at) {
        return new JoinBattleQueue(learner.learnerId(), LEVEL, at);
    }

    private static String rejection(Object result) {
        assertThat(result).isInstanceOf(Rejection.class);
        return ((Rejection) result).type();
    }

    private String seatOf(Learner learner) {
        return jdbc.sql("SELECT battle_id FROM battle_seat WHERE learner_id = ?").param(learner.learnerId())
                .query(String.class).optional().orElse(null);
    }

    private List<String> queued() {
        return jdbc.sql("SELECT learner_id FROM battle_queue WHERE level = ?").param(LEVEL).query(String.class).list();
    }

    private long joinedEvents(Learner learner) {
        return jdbc.sql("""
                        SELECT count(*) FROM domain_event_entry
                        WHERE payload_type LIKE '%BattleQueueJoined' AND convert_from(payload, 'UTF8') LIKE ?""")
                .param("%" + learner.learnerId() + "%").query(Long.class).single();
    }
}
