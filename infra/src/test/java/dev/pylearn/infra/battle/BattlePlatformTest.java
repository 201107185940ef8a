package dev.pylearn.infra.battle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;

/** What the battle tests use again and again: the processors, the meters; challenge, accept, forfeit. */
abstract class BattlePlatformTest extends PlatformTest {

    @Autowired
    protected EventProcessingConfiguration processing;

    @Autowired
    protected EventStore eventStore;

    @Autowired
    protected MeterRegistry registry;

    /** {@code challenger} challenges {@code opponent}: the new battle's id. */
    protected String challenge(Learner challenger, Learner opponent) {
        Api.Response requested = api.post("/api/battles", challenger.token(), Map.of("opponent", opponent.username()));
        assertThat(requested.status()).as(requested.text()).isEqualTo(201);
        return requested.json().get("battleId").asString();
    }

    /** A challenge, accepted: the running battle's id. */
    protected String challengeAndAccept(Learner challenger, Learner opponent) {
        String battleId = challenge(challenger, opponent);
        Api.Response accepted = api.post("/api/battles/" + battleId + "/accept", opponent.token(), Map.of());
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        return battleId;
    }

    protected void forfeit(String battleId, Learner learner) {
        Api.Response response = api.post("/api/battles/" + battleId + "/forfeit", learner.token(), Map.of());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }
}
