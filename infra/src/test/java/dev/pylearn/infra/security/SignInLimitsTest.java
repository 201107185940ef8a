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
        for (int i = 1; i <= 6; i++) {
            assertProblem(attacker.post("/api/auth/login", null, credentials(learner.username(), "wrong password " + i)),
                    401, "invalid-credentials");
        }
        // the sixth failure (five are free) holds the account back for 1 s: refused before any hash, also
        // with the right password
        double hashes = hashesDone();
        Api.Response held = attacker.post("/api/auth/login", null, credentials(learner.username(), PASSWORD));
        assertProblem(held, 429, "too-many-attempts");
        assertThat(held.header("Retry-After")).isEqualTo("1");
        assertThat(hashesDone()).isEqualTo(hashes);

        Thread.sleep(1100);
        assertProblem(attacker.post("/api/auth/login", null, credentials(learner.username(), "wrong password 7")),
                401, "invalid-credentials");
        Api.Response longer = attacker.post("/api/auth/login", null, credentials(learner.username(), PASSWORD));
        assertProblem(longer, 429, "too-many-attempts");
        assertThat(longer.header("Retry-After")).isEqualTo("2");

        Thread.sleep(2100);
        Api.Response owner = new Api(port).post("/api/auth/login", null, credentials(learner.username(), PASSWORD));
        assertThat(owner.status()).as(owner.text()).isEqualTo(200);
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
    void aFloodFromOneAddressLeavesOtherAddressesAndTheScraperAlone() {
        Learner bystander = register();
        Api flood = new Api(port);
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            Api.Response response = flood.post("/api/auth/login", null,
                    credentials("victim-" + i, "guess number " + i));
            if (response.status() == 429) {
                assertProblem(response, 429, "too-many-attempts");
                assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
                refused++;
            } else {
                assertProblem(response, 401, "invalid-credentials");
            }
        }
        // twenty failures from one address are free; after them the address waits, whatever account it tries
        assertThat(refused).isGreaterThanOrEqualTo(35);
        assertThat(flood.post("/api/auth/login", null, credentials(bystander.username(), PASSWORD)).status())
                .isEqualTo(429);

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
        // a burst of sign-ups from one address: the first 60 (the default) pass, the rest wait
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Api.Response>> sent = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            sent.add(clients.submit(() -> school.post("/api/auth/register", null, Map.of("username", "pupil-"
                    + UUID.randomUUID().toString().substring(0, 8), "password", PASSWORD, "timezone", "UTC"))));
        }
        List<Api.Response> answers = new ArrayList<>();
        for (Future<Api.Response> answer : sent) {
            answers.add(answer.get());
        }
        clients.shutdown();
        List<Api.Response> refused = answers.stream().filter(r -> r.status() == 429).toList();
        long created = answers.stream().filter(r -> r.status() == 201).count();
        assertThat(created + refused.size()).isEqualTo(90);
        assertThat(created).isBetween(60L, 75L);
        assertThat(refused).isNotEmpty().allSatisfy(r -> {
            assertProblem(r, 429, "too-many-attempts");
            assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        });
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
