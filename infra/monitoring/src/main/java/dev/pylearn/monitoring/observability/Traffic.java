package dev.pylearn.monitoring.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Requests of this node: a sliding window of 10-second slots (request rate, errors, slow requests,
 * latency, statements, per route) for the live monitor and the alerts, and per-hour totals waiting
 * to be added to the hourly snapshot in PostgreSQL.
 *
 * <p>Latencies go into fixed buckets rather than a Micrometer timer: hourly snapshots from several
 * nodes are merged by adding bucket counts in SQL, which only works with the same bounds everywhere.
 * Percentiles are read as the upper bound of the bucket they fall in. (Prometheus gets the real
 * per-route histograms from {@code http.server.requests}.) An error is a 5xx: a 4xx is the caller's.
 */
@Component
public class Traffic {

    /** Upper bounds of the latency buckets, in ms; the last bucket is everything above. */
    public static final long[] BOUNDS_MS = {5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000,
            5000, 10000};
    static final int SLOT_SECONDS = 10;
    private static final int MAX_SLOTS = 6 * 60 + 1;

    private final Clock clock;
    private final MonitorSettings settings;
    private final Slot[] slots = new Slot[MAX_SLOTS];
    private final Map<Instant, Totals> hours = new HashMap<>();
    private final Map<Instant, Set<String>> learners = new HashMap<>();

    Traffic(Clock clock, MonitorSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** Request totals: a slot, a window, a route or an hour. */
    public static final class Totals {
        public long requests;
        public long errors;
        public long slow;
        public long totalMs;
        public long statements;
        public final long[] buckets = new long[BOUNDS_MS.length + 1];

        void add(int status, long millis, int statementCount, long slowMs) {
            requests++;
            if (status >= 500) {
                errors++;
            }
            if (millis >= slowMs) {
                slow++;
            }
            totalMs += millis;
            statements += statementCount;
            buckets[bucket(millis)]++;
        }

        void add(Totals other) {
            requests += other.requests;
            errors += other.errors;
            slow += other.slow;
            totalMs += other.totalMs;
            statements += other.statements;
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += other.buckets[i];
            }
        }

        public double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        public double slowRate() {
            return requests == 0 ? 0 : (double) slow / requests;
        }

        public double avgMs() {
            return requests == 0 ? 0 : (double) totalMs / requests;
        }

        public double statementsPerRequest() {
            return requests == 0 ? 0 : (double) statements / requests;
        }

        public long percentileMs(double p) {
            return Traffic.percentileMs(buckets, p);
        }
    }

    private static final class Slot {
        long index = -1;
        final Totals all = new Totals();
        final Map<String, Totals> routes = new HashMap<>();
    }

    /** Totals over a window: all requests and per route. */
    public record Window(Duration length, Totals all, Map<String, Totals> routes) {
        public double requestsPerSecond() {
            return all.requests / (double) Math.max(1, length.toSeconds());
        }
    }

    /** One hour's requests not yet added to the snapshot table. */
    public record Hour(Instant hour, Totals totals, Set<String> learners) {
    }

    public synchronized void record(String route, int status, long millis, int statements, String learner) {
        Instant now = clock.instant();
        long index = now.getEpochSecond() / SLOT_SECONDS;
        Slot slot = slots[(int) (index % MAX_SLOTS)];
        if (slot == null || slot.index != index) {
            slot = new Slot();
            slot.index = index;
            slots[(int) (index % MAX_SLOTS)] = slot;
        }
        long slowMs = settings.getSlowRequest().toMillis();
        slot.all.add(status, millis, statements, slowMs);
        slot.routes.computeIfAbsent(route, r -> new Totals()).add(status, millis, statements, slowMs);
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        hours.computeIfAbsent(hour, h -> new Totals()).add(status, millis, statements, slowMs);
        if (learner != null) {
            learners.computeIfAbsent(hour, h -> new HashSet<>()).add(learner);
        }
    }

    /** The configured window. */
    public Window window() {
        return window(settings.getWindow());
    }

    public synchronized Window window(Duration length) {
        long now = clock.instant().getEpochSecond() / SLOT_SECONDS;
        long count = Math.min(MAX_SLOTS - 1, Math.max(1, (length.toSeconds() + SLOT_SECONDS - 1) / SLOT_SECONDS));
        Totals all = new Totals();
        Map<String, Totals> routes = new TreeMap<>();
        for (Slot slot : slots) {
            if (slot != null && slot.index > now - count && slot.index <= now) {
                all.add(slot.all);
                slot.routes.forEach((route, totals) -> routes.computeIfAbsent(route, r -> new Totals()).add(totals));
            }
        }
        return new Window(Duration.ofSeconds(count * SLOT_SECONDS), all, routes);
    }

    /** Request rate per slot over the last {@code length}, oldest first, for the live chart. */
    public synchronized List<long[]> series(Duration length) {
        long now = clock.instant().getEpochSecond() / SLOT_SECONDS;
        long count = Math.min(MAX_SLOTS - 1, Math.max(1, length.toSeconds() / SLOT_SECONDS));
        List<long[]> points = new ArrayList<>();
        for (long index = now - count + 1; index <= now; index++) {
            Slot slot = slots[(int) (index % MAX_SLOTS)];
            boolean current = slot != null && slot.index == index;
            points.add(new long[]{index * SLOT_SECONDS, current ? slot.all.requests : 0,
                    current ? slot.all.errors : 0, current ? slot.all.percentileMs(0.95) : 0});
        }
        return points;
    }

    /** Takes the hourly totals gathered since the last call (they are then this caller's to store). */
    public synchronized List<Hour> drainHours() {
        List<Hour> drained = new ArrayList<>();
        hours.forEach((hour, totals) -> drained.add(new Hour(hour, totals,
                learners.getOrDefault(hour, Set.of()))));
        hours.clear();
        learners.clear();
        drained.sort(Comparator.comparing(Hour::hour));
        return drained;
    }

    /** Gives drained totals back when storing them failed, so that they are tried again. */
    public synchronized void restore(List<Hour> drained) {
        for (Hour hour : drained) {
            hours.computeIfAbsent(hour.hour(), h -> new Totals()).add(hour.totals());
            learners.computeIfAbsent(hour.hour(), h -> new HashSet<>()).addAll(hour.learners());
        }
    }

    static int bucket(long millis) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (millis <= BOUNDS_MS[i]) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }

    /** The upper bound of the bucket holding the p-th quantile (the last bucket reads as twice the last bound). */
    public static long percentileMs(long[] buckets, double p) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return i < BOUNDS_MS.length ? BOUNDS_MS[i] : BOUNDS_MS[BOUNDS_MS.length - 1] * 2;
            }
        }
        return BOUNDS_MS[BOUNDS_MS.length - 1] * 2;
    }
}
