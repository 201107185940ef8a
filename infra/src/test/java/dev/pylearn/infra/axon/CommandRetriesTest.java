package dev.pylearn.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.api.Rejection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway retries a lost race on an aggregate, and never a command the domain refused. */
class CommandRetriesTest {

    record Probe(String id) {
    }

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = AxonConfiguration.retryingGateway(bus, retries);
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        retries.shutdownNow();
    }

    @Test
    void aRefusedCommandRunsOnceAndItsRejectionReachesTheCaller() {
        bus.subscribe(Probe.class.getName(), command -> {
            runs.incrementAndGet();
            throw Rejection.notFound("unknown-challenge", "There is no challenge 'nope'.");
        });
        assertThatThrownBy(() -> gateway.sendAndWait(new Probe("1")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("unknown-challenge"));
        assertThat(runs).hasValue(1);
    }

    @Test
    void aLostConcurrencyRaceIsRetriedAgainstFreshState() {
        bus.subscribe(Probe.class.getName(), command -> {
            if (runs.incrementAndGet() < 3) {
                throw new ConcurrencyException("another node appended to this learner first");
            }
            return "done";
        });
        assertThat((String) gateway.sendAndWait(new Probe("2"))).isEqualTo("done");
        assertThat(runs).hasValue(3);
    }
}
