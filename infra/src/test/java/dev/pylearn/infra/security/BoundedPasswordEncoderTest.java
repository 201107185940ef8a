package dev.pylearn.infra.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.api.Rejection;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class BoundedPasswordEncoderTest {

    private final PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    @Test
    void hashesAndVerifiesLikeArgon2() {
        PasswordEncoder encoder = new BoundedPasswordEncoder(argon2, Bulkhead.of("test", BulkheadConfig.ofDefaults()));
        String hash = encoder.encode("a long enough password");
        assertThat(hash).startsWith("$argon2id$");
        assertThat(encoder.matches("a long enough password", hash)).isTrue();
        assertThat(encoder.matches("another password", hash)).isFalse();
    }

    @Test
    void aHashThatCannotStartInTimeIsRefusedWithRetryAfter() throws Exception {
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PasswordEncoder slow = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                hashing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "hash";
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return true;
            }
        };
        Bulkhead one = Bulkhead.of("test", BulkheadConfig.custom().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ofMillis(50)).build());
        PasswordEncoder encoder = new BoundedPasswordEncoder(slow, one);

        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> encoder.encode("first"));
        hashing.await();
        assertThatThrownBy(() -> encoder.matches("second", "hash"))
                .isInstanceOfSatisfying(Rejection.class, rejection -> {
                    assertThat(rejection.kind()).isEqualTo(Rejection.Kind.TOO_MANY);
                    assertThat(rejection.type()).isEqualTo("busy");
                    assertThat(rejection.retryAfterSeconds()).isEqualTo(5L);
                });
        release.countDown();
        assertThat(first.get()).isEqualTo("hash");
        assertThat(encoder.matches("third", "hash")).isTrue();
    }
}
