package dev.pylearn.monitoring.monitor;

import dev.pylearn.api.submission.SubmissionStatus;
import dev.pylearn.api.Rejection;
import dev.pylearn.monitoring.observability.QueryTracker;
import dev.pylearn.monitoring.observability.Traffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the admin monitor page shows, as JSON (ADMIN only, like all of {@code /api/admin}): live
 * figures of this node over the sliding window, what every endpoint and handler batch costs in SQL,
 * the N+1 panel, slow statements, processor lag, the worker queue, pool and memory, alerts; and the
 * hourly history of every node.
 */
@RestController
@RequestMapping("/api/admin/monitor")
class MonitorController {

    static final int MAX_HOURS = 90 * 24;

    private final Traffic traffic;
    private final QueryTracker tracker;
    private final SystemSampler sampler;
    private final Alerts alerts;
    private final Snapshots snapshots;
    private final MeterRegistry registry;
    private final Clock clock;

    MonitorController(Traffic traffic, QueryTracker tracker, SystemSampler sampler, Alerts alerts, Snapshots snapshots,
                      MeterRegistry registry, Clock clock) {
        this.traffic = traffic;
        this.tracker = tracker;
        this.sampler = sampler;
        this.alerts = alerts;
        this.snapshots = snapshots;
        this.registry = registry;
        this.clock = clock;
    }

    record Requests(long windowSeconds, long count, double perSecond, double errorRate, double slowRate,
                    double avgMs, long p50Ms, long p95Ms, long p99Ms, double statementsPerRequest) {
    }

    record Route(String endpoint, long requests, long errors, double avgMs, long p95Ms, double statementsPerRequest) {
    }

    record Point(Instant at, long requests, long errors, long p95Ms) {
    }

    record Worker(long queued, long running, double inFlight, double runs, double backendRetries,
                  double backendErrors) {
    }

    record Pool(Double active, Double idle, Double pending, Double max) {
    }

    record Memory(long heapUsedBytes, long heapMaxBytes, long nonHeapUsedBytes) {
    }

    record Statements(List<QueryTracker.EndpointView> endpoints, List<QueryTracker.NPlusOneView> nPlusOne,
                      List<QueryTracker.SlowStatement> slow, List<QueryTracker.ShapeView> topByCount,
                      List<QueryTracker.ShapeView> topByTime) {
    }

    record AlertsView(List<Alerts.AlertView> open, List<Alerts.AlertView> recent) {
    }

    record Monitor(Instant generatedAt, Requests requests, List<Route> routes, List<Point> series,
                   Statements statements, List<SystemSampler.Lag> projections, Worker worker, Pool pool,
                   Memory memory, AlertsView alerts) {
    }

    @GetMapping
    Monitor monitor() {
        Traffic.Window window = traffic.window();
        Traffic.Totals all = window.all();
        Requests requests = new Requests(window.length().toSeconds(), all.requests, window.requestsPerSecond(),
                all.errorRate(), all.slowRate(), all.avgMs(), all.percentileMs(0.50), all.percentileMs(0.95),
                all.percentileMs(0.99), all.statementsPerRequest());
        List<Route> routes = new ArrayList<>();
        window.routes().forEach((route, t) -> routes.add(new Route(route, t.requests, t.errors, t.avgMs(),
                t.percentileMs(0.95), t.statementsPerRequest())));
        List<Point> series = traffic.series(Duration.ofMinutes(10)).stream()
                .map(p -> new Point(Instant.ofEpochSecond(p[0]), p[1], p[2], p[3])).toList();
        Statements statements = new Statements(tracker.endpoints(), tracker.nPlusOnes(), tracker.slowStatements(),
                tracker.topShapesByCount(10), tracker.topShapesByTime(10));
        Map<String, Long> queue = sampler.queue();
        Worker worker = new Worker(queue.getOrDefault(SubmissionStatus.QUEUED, 0L), queue.getOrDefault(SubmissionStatus.RUNNING, 0L),
                gauge("pylearn.worker.submissions.in_flight"), counter("pylearn.worker.runs"),
                counter("pylearn.worker.backend.retries"), counter("pylearn.worker.backend.errors"));
        Pool pool = new Pool(gaugeOrNull("hikaricp.connections.active"), gaugeOrNull("hikaricp.connections.idle"),
                gaugeOrNull("hikaricp.connections.pending"), gaugeOrNull("hikaricp.connections.max"));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Memory memory = new Memory(heap.getUsed(), heap.getMax(),
                ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed());
        return new Monitor(clock.instant(), requests, routes, series, statements,
                List.copyOf(sampler.lags().values()), worker, pool, memory,
                new AlertsView(alerts.open(), alerts.recent(20)));
    }

    @GetMapping("/trends")
    List<Snapshots.HourView> trends(@RequestParam(defaultValue = "24") String hours) {
        int count;
        try {
            count = Integer.parseInt(hours.trim());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1 || count > MAX_HOURS) {
            throw Rejection.invalid("invalid-hours", "'hours' must be a whole number from 1 to " + MAX_HOURS
                    + " (90 days of history are kept).");
        }
        return snapshots.trends(count);
    }

    private double gauge(String name) {
        Double value = gaugeOrNull(name);
        return value == null ? 0 : value;
    }

    private Double gaugeOrNull(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? null : gauge.value();
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
