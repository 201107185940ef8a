package dev.pylearn.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Log-in and registration are limited per address and per account before any password is hashed,
 * with a growing delay after failures; people at other addresses, and the metrics scraper, are not
 * affected. Each test plays clients at addresses of their own (see {@link Api}).
 */
class SignInLimitsTest extends PlatformTest {

    @Autowired
    MeterRegistry meters;

    private static Map<String, String> credentials(String username, String password) {
        return Map.of("username", username, "password", password);
    }

    private double hashesDone() {
        return meters.get("executor.completed").tag("name", "password-hashing").functionCounter().count();
    }

    @Test
    void failuresForOneAccountGrowTheDelayAndAreRefusedBeforeHashing() throws InterruptedException {
        Learner learner = register();
        Api attacker = new Api(port);
        for (int i = 1; i <= 5; i++) {
            assertProblem(attacker.post("/api/auth/login", null, credentials(learner.username(), "wrong password " + i)),
                    401, "invalid-credentials");
        }
        // five failures are free; then each failure holds the account back longer: 1 s, 2 s, 4 s, ...
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 20 && waits.size() < 3; i++) {
            Api.Response response = attacker.post("/api/auth/login", null, credentials(learner.username(), "wrong"));
            if (response.status() == 429) {
                assertProblem(response, 429, "too-many-attempts");
                waits.add(Long.parseLong(response.header("Retry-After")));
                if (waits.size() < 3) {
                    Thread.sleep(waits.get(waits.size() - 1) * 1000 + 100);
                }
            } else {
                assertProblem(response, 401, "invalid-credentials");
            }
        }
        assertThat(waits).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(waits.get(2)).isGreaterThanOrEqualTo(4);
        // while held back, even the right password is refused, from any address, without a hash
        double hashes = hashesDone();
        assertProblem(new Api(port).post("/api/auth/login", null, credentials(learner.username(), PASSWORD)), 429,
                "too-many-attempts");
        assertThat(hashesDone()).isEqualTo(hashes);

        Thread.sleep(waits.get(2) * 1000 + 100);
        Api.Response owner = new Api(port).post("/api/auth/login", null, credentials(learner.username(), PASSWORD));
        assertThat(owner.status()).as(owner.text()).isEqualTo(200);
        // a success clears the account's failures: the next mistake is free again
        assertProblem(attacker.post("/api/auth/login", null, credentials(learner.username(), "wrong")), 401,
                "invalid-credentials");
    }

    @Test
    void anUnknownUsernameIsLimitedExactlyLikeAKnownOne() {
        Learner learner = register();
        Api known = new Api(port);
        Api unknown = new Api(port);
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= 7; i++) {
            Api.Response a = known.post("/api/auth/login", null, credentials(learner.username(), "wrong password"));
            Api.Response b = unknown.post("/api/auth/login", null, credentials(nobody, "wrong password"));
            assertThat(b.status()).isEqualTo(a.status());
            assertThat(b.json().get("type")).isEqualTo(a.json().get("type"));
            assertThat(b.header("Retry-After")).isEqualTo(a.header("Retry-After"));
        }
        assertThat(known.post("/api/auth/login", null, credentials(learner.username(), "x")).status()).isEqualTo(429);
    }

    @Test
    void aFloodFromOneAddressLeavesOtherAddressesAndTheScraperAlone() throws InterruptedException {
        Learner bystander = register();
        Api flood = new Api(port);
        // twenty failures from one address are free; after them the address waits 1 s, 2 s, 4 s, ...
        // whatever account it tries, and the refused attempts cost no hash
        long retryAfter = 0;
        int hashed = 0;
        for (int i = 0; i < 40 && retryAfter < 8; i++) {
            double hashes = hashesDone();
            Api.Response response = flood.post("/api/auth/login", null, credentials("victim-" + i, "guess " + i));
            if (response.status() == 429) {
                assertProblem(response, 429, "too-many-attempts");
                assertThat(hashesDone()).isEqualTo(hashes);
                retryAfter = Long.parseLong(response.header("Retry-After"));
                if (retryAfter < 8) {
                    Thread.sleep(retryAfter * 1000 + 100);
                }
            } else {
                assertProblem(response, 401, "invalid-credentials");
                hashed++;
            }
        }
        assertThat(retryAfter).isGreaterThanOrEqualTo(8);
        assertThat(hashed).isBetween(21, 25);
        assertProblem(flood.post("/api/auth/login", null, credentials(bystander.username(), PASSWORD)), 429,
                "too-many-attempts");

        Api.Response elsewhere = new Api(port).post("/api/auth/login", null, credentials(bystander.username(), PASSWORD));
        assertThat(elsewhere.status()).as(elsewhere.text()).isEqualTo(200);

        // the scrape credential is checked outside the sign-in limits, also from the flooding address
        String basic = Base64.getEncoder().encodeToString(("prometheus:" + SCRAPE_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        Api.Response scrape = flood.send(flood.request("/actuator/prometheus", null)
                .header("Authorization", "Basic " + basic).GET());
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.text()).contains("executor_completed_tasks_total");
        String wrong = Base64.getEncoder().encodeToString("prometheus:wrong".getBytes(StandardCharsets.UTF_8));
        assertProblem(flood.send(flood.request("/actuator/prometheus", null).header("Authorization", "Basic " + wrong)
                .GET()), 401, "authentication-required");
    }

    @Test
    void registrationsFromOneAddressAreLimited() throws Exception {
        Api school = new Api(port);
        // sign-ups from one address, 16 at a time, until one is refused: the bucket holds 60 (the default)
        // and refills one a second while the burst lasts
        ExecutorService clients = Executors.newFixedThreadPool(16);
        AtomicInteger created = new AtomicInteger();
        AtomicReference<Api.Response> refused = new AtomicReference<>();
        long started = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sent.add(clients.submit(() -> {
                if (refused.get() != null) {
                    return;
                }
                Api.Response answer = school.post("/api/auth/register", null, Map.of("username", "pupil-"
                        + UUID.randomUUID().toString().substring(0, 8), "password", PASSWORD, "timezone", "UTC"));
                if (answer.status() == 201) {
                    created.incrementAndGet();
                } else {
                    refused.compareAndSet(null, answer);
                }
            }));
        }
        for (Future<?> answer : sent) {
            answer.get();
        }
        clients.shutdown();
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(refused.get()).isNotNull();
        assertProblem(refused.get(), 429, "too-many-attempts");
        assertThat(Long.parseLong(refused.get().header("Retry-After"))).isPositive();
        // a class of thirty behind one address signs up without meeting the limit
        assertThat(created.get()).isBetween(60, 60 + (int) seconds + 2);
        assertThat(new Api(port).post("/api/auth/register", null, Map.of("username", "elsewhere-"
                + UUID.randomUUID().toString().substring(0, 8), "password", PASSWORD, "timezone", "UTC")).status())
                .isEqualTo(201);
    }

    @Test
    void forwardedForIsReadFromTheRightOnlyThroughTrustedProxies() {
        // the client wrote an address of its own choosing in front; the proxy appended the real one
        Learner learner = register();
        String real = Api.randomAddress();
        for (int i = 0; i < 6; i++) {
            new Api(port, "203.0.113.7, " + real).post("/api/auth/login", null,
                    credentials(learner.username() + "-no", "wrong"));
        }
        for (int i = 0; i < 15; i++) {
            // a different forged address each time does not escape the count of the real one
            new Api(port, "198.51.100." + i + ", " + real).post("/api/auth/login", null,
                    credentials("someone-" + i, "wrong"));
        }
        Api.Response refused = new Api(port, "192.0.2.1, " + real).post("/api/auth/login", null,
                credentials(learner.username(), PASSWORD));
        assertProblem(refused, 429, "too-many-attempts");
    }
}
