package dev.pylearn.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.Rejection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class PasswordHashingTest {

    private final PasswordHashing hashing = new PasswordHashing(new SimpleMeterRegistry(), 19456, 2, 1, 2, 10,
            Duration.ofSeconds(10), 5);

    @AfterEach
    void stop() {
        hashing.destroy();
    }

    @Test
    void theNativeLibraryDoesTheHashing() {
        assertThat(hashing.isNative()).as("libargon2 is installed (Debian libargon2-1, see .ci/run)").isTrue();
    }

    @Test
    void hashesAtOwaspParametersInThePhcFormat() {
        String hash = hashing.hash("a long enough password").join();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hashing.verify("a long enough password", hash).join()).isTrue();
        assertThat(hashing.verify("another password", hash).join()).isFalse();
        assertThat(hashing.needsUpgrade(hash)).isFalse();
        // Spring Security reads them too: one format, whichever implementation made it
        assertThat(new Argon2PasswordEncoder(16, 32, 1, 19456, 2).matches("a long enough password", hash)).isTrue();
    }

    @Test
    void hashesMadeBeforeKeepVerifyingAndAreMarkedForUpgrade() {
        String old = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("a long enough password");
        assertThat(old).startsWith("$argon2id$v=19$m=16384,t=2,p=1$");
        assertThat(hashing.verify("a long enough password", old).join()).isTrue();
        assertThat(hashing.verify("wrong", old).join()).isFalse();
        assertThat(hashing.needsUpgrade(old)).isTrue();
    }

    @Test
    void noAccountNeverMatches() {
        assertThat(hashing.verify("a long enough password", null).join()).isFalse();
    }

    @Test
    void aHashThatWaitedTooLongForAThreadIsRefusedAsBusy() {
        PasswordHashing impatient = new PasswordHashing(new SimpleMeterRegistry(), 19456, 2, 1, 1, 100,
                Duration.ofMillis(1), 0);
        try {
            List<CompletableFuture<String>> burst = IntStream.range(0, 20)
                    .mapToObj(i -> impatient.hash("password number " + i)).toList();
            List<Throwable> refused = burst.stream().map(hash -> hash.handle((value, failure) -> failure).join())
                    .filter(java.util.Objects::nonNull).toList();
            assertThat(refused).isNotEmpty().allSatisfy(failure -> assertThat(failure.getCause())
                    .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("busy")));
        } finally {
            impatient.destroy();
        }
    }

    @Test
    void onlyTheHashingRunsAtLowerPriorityNotTheWorkAfterIt() throws Exception {
        hashing.hash("a long enough password").join();
        java.util.Map<String, Integer> niceness = threadNiceness();
        assertThat(niceness).as("hashing threads").hasKeySatisfying(new org.assertj.core.api.Condition<>(
                name -> name.startsWith("password-hashin"), "a hashing thread"));
        niceness.forEach((name, nice) -> {
            if (name.startsWith("password-hashin")) {
                assertThat(nice).as(name).isEqualTo(5);
            } else if (name.startsWith("sign-in-")) {
                assertThat(nice).as(name + " (runs the commands after a hash)").isZero();
            }
        });
        assertThat(niceness.keySet()).anyMatch(name -> name.startsWith("sign-in-"));
    }

    /**
     * A negative nice value raises the hashing thread above the request threads (a sign-up's hash gets
     * its share of a saturated CPU; the pool's size still bounds it); the commands after it stay at 0.
     * Raising needs CAP_SYS_NICE: without it (not root) the thread stays at normal priority.
     */
    @Test
    void aNegativeNiceValueRaisesOnlyTheHashingThreads() throws Exception {
        PasswordHashing raised = new PasswordHashing(new SimpleMeterRegistry(), 19456, 2, 1, 1, 100,
                Duration.ofSeconds(10), -10);
        try {
            raised.hash("a long enough password").join();
            java.util.Map<String, Integer> lowest = new java.util.HashMap<>();
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                for (java.nio.file.Path task : tasks.toList()) {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    lowest.merge(name, Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]),
                            Math::min);
                }
            }
            boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
            String own = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            int base = Integer.parseInt(own.substring(own.lastIndexOf(')') + 2).split(" ")[16]);
            assertThat(lowest.get("password-hashin")).as("the raised hashing thread").isEqualTo(root ? -10 : base);
            assertThat(lowest).hasKeySatisfying(new org.assertj.core.api.Condition<>(
                    name -> name.startsWith("sign-in-"), "a sign-in thread"));
            lowest.forEach((name, nice) -> {
                if (name.startsWith("sign-in-")) {
                    assertThat(nice).as(name + " (runs the commands after a hash)").isEqualTo(base);
                }
            });
        } finally {
            raised.destroy();
        }
    }

    @Test
    void aNiceValueOutsideTheKernelsRangeIsRefusedAtStartUp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PasswordHashing(new SimpleMeterRegistry(), 19456,
                        2, 1, 1, 100, Duration.ofSeconds(10), -21))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("between -20 and 19");
    }

    /** Thread name (as the kernel keeps it, 15 characters) to nice value, from /proc (Linux). */
    private static java.util.Map<String, Integer> threadNiceness() throws java.io.IOException {
        java.util.Map<String, Integer> niceness = new java.util.HashMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                String stat = java.nio.file.Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the name: state is field 3 of stat(5), nice field 19
                niceness.merge(name, Integer.parseInt(fields[16]), Math::max);
            }
        }
        return niceness;
    }

    @Test
    void refusesParametersBelowOwasp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PasswordHashing(new SimpleMeterRegistry(),
                16384, 2, 1, 1, 1, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalStateException.class);
    }
}
