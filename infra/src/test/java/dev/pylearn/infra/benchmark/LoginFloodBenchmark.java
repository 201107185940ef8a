package dev.pylearn.infra.benchmark;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The log-in flood of issue 12: one address sends log-in attempts as fast as 8 connections allow
 * (credential stuffing: other people's usernames, guessed passwords) while 20 learners, each at an
 * address of their own, log in every 3 seconds with their right passwords. Prints the learners'
 * success rate during the flood (target 100 %), their log-in latency, and what the flood got.
 * Asserts nothing about speed. Run:
 * {@code ./mvnw -Pbenchmark verify -pl infra -am -Dtest=LoginFloodBenchmark} (-Dpylearn.benchmark.flood-seconds=30)
 */
@Tag("benchmark")
class LoginFloodBenchmark extends PlatformTest {

    private static final int LEARNERS = 20;
    private static final int FLOOD_CONNECTIONS = 8;

    @Test
    void otherLearnersLogInDuringAFloodFromOneAddress() throws InterruptedException {
        Duration length = Duration.ofSeconds(Long.getLong("pylearn.benchmark.flood-seconds", 30));
        List<Learner> learners = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            learners.add(register());
        }
        String floodAddress = "198.51.100.66";
        Map<Integer, AtomicInteger> floodAnswers = new ConcurrentHashMap<>();
        AtomicInteger learnerAttempts = new AtomicInteger();
        AtomicInteger learnerSuccesses = new AtomicInteger();
        Map<Integer, AtomicInteger> learnerFailures = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + length.toNanos();

        ExecutorService threads = Executors.newFixedThreadPool(FLOOD_CONNECTIONS + LEARNERS);
        for (int c = 0; c < FLOOD_CONNECTIONS; c++) {
            threads.submit(() -> {
                Api flood = new Api(port, floodAddress);
                while (System.nanoTime() < end) {
                    String username = "victim-" + UUID.randomUUID().toString().substring(0, 6);
                    int status = flood.post("/api/auth/login", null, Map.of("username", username,
                            "password", "password123456")).status();
                    floodAnswers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
            });
        }
        for (Learner learner : learners) {
            threads.submit(() -> {
                Api own = new Api(port);
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    int status = own.post("/api/auth/login", null, Map.of("username", learner.username(),
                            "password", PASSWORD)).status();
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    learnerAttempts.incrementAndGet();
                    if (status == 200) {
                        learnerSuccesses.incrementAndGet();
                        latencies.add(millis);
                    } else {
                        learnerFailures.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    sleep(Math.max(0, 3000 - millis));
                }
            });
        }
        threads.shutdown();
        threads.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);

        int floodTotal = floodAnswers.values().stream().mapToInt(AtomicInteger::get).sum();
        int floodRefused = floodAnswers.getOrDefault(429, new AtomicInteger()).get();
        int floodHashed = floodAnswers.getOrDefault(401, new AtomicInteger()).get();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("%nBENCHMARK log-in flood from one address (%d connections, %d s): %d attempts, %d refused "
                        + "with 429 before hashing, %d checked against a hash (401), others %s%n",
                FLOOD_CONNECTIONS, length.toSeconds(), floodTotal, floodRefused, floodHashed, floodAnswers);
        System.out.printf("BENCHMARK other learners during the flood (%d, each at its own address): %d of %d log-ins "
                        + "succeeded = %.1f %% (target 100 %%); failures by status %s; latency p50 %d ms, p95 %d ms%n%n",
                LEARNERS, learnerSuccesses.get(), learnerAttempts.get(),
                100.0 * learnerSuccesses.get() / Math.max(1, learnerAttempts.get()), learnerFailures,
                percentile(sorted, 0.50), percentile(sorted, 0.95));
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
