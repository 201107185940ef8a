package dev.pylearn.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleStoreTest {

    private final ThrottleStore.Delay delay = new ThrottleStore.Delay(5, Duration.ofSeconds(1), Duration.ofMinutes(15),
            Duration.ofHours(1));

    @Test
    void theDelayGrowsAfterTheFreeFailuresUpToItsMaximum() {
        assertThat(delay.after(5)).isZero();
        assertThat(delay.after(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(delay.after(7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(delay.after(10)).isEqualTo(Duration.ofSeconds(16));
        assertThat(delay.after(16)).isEqualTo(Duration.ofMinutes(15));
        assertThat(delay.after(1_000_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void localFailuresHoldAKeyBackUntilReset() {
        ThrottleStore store = ThrottleStore.local();
        for (int i = 0; i < 5; i++) {
            store.failed("account:ann", delay);
        }
        assertThat(store.blockedMillis("account:ann")).isZero();
        store.failed("account:ann", delay);
        assertThat(store.blockedMillis("address:x", "account:ann")).isBetween(1L, 1000L);
        store.reset("account:ann");
        assertThat(store.blockedMillis("account:ann")).isZero();
    }

    @Test
    void localBucketsRefuseBeyondTheirCapacity() {
        ThrottleStore store = ThrottleStore.local();
        BucketConfiguration three = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(3).refillGreedy(3, Duration.ofMinutes(1))).build();
        for (int i = 0; i < 3; i++) {
            assertThat(store.consume("address:a", three)).isZero();
        }
        assertThat(store.consume("address:a", three)).isGreaterThan(Duration.ofSeconds(10).toNanos());
        assertThat(store.consume("address:b", three)).isZero();
    }
}
