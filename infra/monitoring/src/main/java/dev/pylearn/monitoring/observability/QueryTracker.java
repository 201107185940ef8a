package dev.pylearn.monitoring.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every HTTP request and every event-handler batch costs in SQL. A datasource-proxy listener
 * (the proxy is put around the pool by datasource-micrometer) sees every statement on the thread
 * that runs it; a {@link Scope} opened on that thread by {@link RequestTrackingFilter} or
 * {@link HandlerBatchTracking} collects its count, database time and statements per shape
 * ({@link SqlShape}). When the scope ends its totals go to the per-endpoint figures, to the metrics,
 * and to N+1 detection: more than {@code pylearn.tracking.repeated-statements} statements of one shape in one scope
 * is logged once per endpoint and shape, and counted every time. Statements slower than
 * {@code slow-statement} are kept, as shapes (no values), in a bounded log.
 */
@Component
public class QueryTracker implements QueryExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(QueryTracker.class);
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final int SHAPE_LIMIT = 2_000;
    private static final int N_PLUS_ONE_LIMIT = 500;
    static final String BACKGROUND = "background";

    private final MeterRegistry registry;
    private final TrackingSettings settings;
    private final Clock clock;
    private final Map<String, EndpointFigures> endpoints = new ConcurrentHashMap<>();
    private final Map<String, ShapeFigures> shapes = new ConcurrentHashMap<>();
    private final Map<String, NPlusOne> nPlusOnes = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<SlowStatement> slow = new ArrayDeque<>();
    private final LongAdder nPlusOneTotal = new LongAdder();
    private final Counter slowStatements;

    QueryTracker(MeterRegistry registry, TrackingSettings settings, Clock clock) {
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
        this.slowStatements = Counter.builder("pylearn.db.slow.statements")
                .description("Statements slower than pylearn.tracking.slow-statement").register(registry);
    }

    /** The statements of one request or handler batch, collected on its thread. */
    public static final class Scope {
        final String endpoint;
        final String kind;
        int statements;
        long dbNanos;
        volatile boolean ended;
        final Map<String, int[]> byShape = new HashMap<>();

        Scope(String endpoint, String kind) {
            this.endpoint = endpoint;
            this.kind = kind;
        }

        public int statements() {
            return statements;
        }

        public Duration dbTime() {
            return Duration.ofNanos(dbNanos);
        }
    }

    /**
     * Opens a scope on this thread; null when one is open already (a subscribing handler runs inside
     * the request that published its event, whose scope then counts its statements).
     */
    public Scope begin(String endpoint, String kind) {
        Scope open = CURRENT.get();
        if (open != null && !open.ended) {
            return null;
        }
        Scope scope = new Scope(endpoint, kind);
        CURRENT.set(scope);
        return scope;
    }

    /** Closes the scope of this thread, renamed to its final endpoint (the route is known only at the end). */
    public Scope end(Scope scope, String endpoint) {
        if (scope == null) {
            return null;
        }
        scope.ended = true;
        if (CURRENT.get() == scope) {
            CURRENT.remove();
        }
        String name = endpoint == null ? scope.endpoint : endpoint;
        endpoints.computeIfAbsent(name, n -> new EndpointFigures(n, scope.kind)).add(scope);
        if ("http".equals(scope.kind)) {
            String[] methodAndRoute = name.split(" ", 2);
            DistributionSummary.builder("pylearn.http.statements")
                    .description("SQL statements run by one HTTP request")
                    .tag("method", methodAndRoute[0]).tag("uri", methodAndRoute.length > 1 ? methodAndRoute[1] : "")
                    .register(registry).record(scope.statements);
            Timer.builder("pylearn.http.db.time").description("Database time of one HTTP request")
                    .tag("method", methodAndRoute[0]).tag("uri", methodAndRoute.length > 1 ? methodAndRoute[1] : "")
                    .register(registry).record(scope.dbNanos, TimeUnit.NANOSECONDS);
        } else {
            DistributionSummary.builder("pylearn.handler.statements")
                    .description("SQL statements run by one event-handler batch")
                    .tag("processor", name).register(registry).record(scope.statements);
            Timer.builder("pylearn.handler.db.time").description("Database time of one event-handler batch")
                    .tag("processor", name).register(registry).record(scope.dbNanos, TimeUnit.NANOSECONDS);
        }
        int threshold = settings.getRepeatedStatements();
        scope.byShape.forEach((shape, count) -> {
            if (count[0] > threshold) {
                nPlusOne(name, scope.kind, shape, count[0]);
            }
        });
        return scope;
    }

    private void nPlusOne(String endpoint, String kind, String shape, int repeats) {
        String key = endpoint + "\n" + shape;
        if (warned.add(key)) {
            log.warn("N+1: {} ran {} statements of one shape in one {}: {}", endpoint, repeats,
                    "http".equals(kind) ? "request" : "handler batch", shape);
        }
        nPlusOneTotal.increment();
        Counter.builder("pylearn.db.n_plus_one").description("Requests or handler batches that ran more than "
                        + "pylearn.tracking.repeated-statements statements of one shape")
                .tag("endpoint", endpoint).register(registry).increment();
        if (nPlusOnes.size() < N_PLUS_ONE_LIMIT || nPlusOnes.containsKey(key)) {
            nPlusOnes.computeIfAbsent(key, k -> new NPlusOne(endpoint, shape)).seen(repeats, clock.instant());
        }
    }

    /** Start of the statement running on this thread: datasource-proxy's own elapsed time is whole milliseconds. */
    private static final ThreadLocal<long[]> STARTED = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        STARTED.get()[0] = System.nanoTime();
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        String shape = queryInfoList.size() == 1 ? SqlShape.of(queryInfoList.get(0).getQuery())
                : queryInfoList.stream().map(q -> SqlShape.of(q.getQuery())).distinct().collect(Collectors.joining("; "));
        long started = STARTED.get()[0];
        long nanos = started == 0 ? TimeUnit.MILLISECONDS.toNanos(execInfo.getElapsedTime()) : System.nanoTime() - started;
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        Scope scope = CURRENT.get();
        if (scope != null && scope.ended) {
            scope = null;
        }
        if (scope != null) {
            scope.statements++;
            scope.dbNanos += nanos;
            scope.byShape.computeIfAbsent(shape, s -> new int[1])[0]++;
        }
        ShapeFigures figures = shapes.get(shape);
        if (figures == null && shapes.size() < SHAPE_LIMIT) {
            figures = shapes.computeIfAbsent(shape, ShapeFigures::new);
        }
        if (figures != null) {
            figures.add(nanos);
        }
        if (millis >= settings.getSlowStatement().toMillis()) {
            slowStatements.increment();
            SlowStatement entry = new SlowStatement(clock.instant(), scope == null ? BACKGROUND : scope.endpoint,
                    shape, millis);
            synchronized (slow) {
                slow.addFirst(entry);
                while (slow.size() > Math.max(1, settings.getSlowStatementLogSize())) {
                    slow.removeLast();
                }
            }
        }
    }

    // ---- what the monitor reads ----

    /** A statement over the slow threshold: its shape (values masked), where it ran, how long it took. */
    public record SlowStatement(Instant at, String endpoint, String sql, long durationMs) {
    }

    /** Totals of one endpoint (a route, or an event processor's batches) since start-up. */
    public record EndpointView(String endpoint, String kind, long count, long statements, double avgStatements,
                               int maxStatements, double avgDbMs) {
    }

    /** Totals of one statement shape since start-up. */
    public record ShapeView(String sql, long count, double totalMs, double avgMs, double maxMs) {
    }

    /** An endpoint that ran one shape too often in one request or batch. */
    public record NPlusOneView(String endpoint, String sql, long occurrences, int maxRepeats, Instant lastSeen) {
    }

    public List<SlowStatement> slowStatements() {
        synchronized (slow) {
            return List.copyOf(slow);
        }
    }

    public List<EndpointView> endpoints() {
        return endpoints.values().stream().map(EndpointFigures::view)
                .sorted(Comparator.comparing(EndpointView::kind).thenComparing(EndpointView::endpoint)).toList();
    }

    public List<ShapeView> topShapesByCount(int limit) {
        return shapes.values().stream().map(ShapeFigures::view)
                .sorted(Comparator.comparingLong(ShapeView::count).reversed()).limit(limit).toList();
    }

    public List<ShapeView> topShapesByTime(int limit) {
        return shapes.values().stream().map(ShapeFigures::view)
                .sorted(Comparator.comparingDouble(ShapeView::totalMs).reversed()).limit(limit).toList();
    }

    public List<NPlusOneView> nPlusOnes() {
        return nPlusOnes.values().stream().map(NPlusOne::view)
                .sorted(Comparator.comparing(NPlusOneView::lastSeen).reversed()).toList();
    }

    /** N+1 occurrences since start-up, for the alert window. */
    public long nPlusOneTotal() {
        return nPlusOneTotal.sum();
    }

    /** N+1 occurrences per endpoint since start-up, for the alert window. */
    public Map<String, Long> nPlusOneByEndpoint() {
        Map<String, Long> totals = new LinkedHashMap<>();
        nPlusOnes.values().forEach(n -> totals.merge(n.endpoint, n.occurrences.sum(), Long::sum));
        return totals;
    }

    private static final class EndpointFigures {
        final String endpoint;
        final String kind;
        final LongAdder count = new LongAdder();
        final LongAdder statements = new LongAdder();
        final LongAdder dbNanos = new LongAdder();
        final AtomicLong max = new AtomicLong();

        EndpointFigures(String endpoint, String kind) {
            this.endpoint = endpoint;
            this.kind = kind;
        }

        void add(Scope scope) {
            count.increment();
            statements.add(scope.statements);
            dbNanos.add(scope.dbNanos);
            max.accumulateAndGet(scope.statements, Math::max);
        }

        EndpointView view() {
            long n = count.sum();
            long s = statements.sum();
            return new EndpointView(endpoint, kind, n, s, n == 0 ? 0 : (double) s / n, (int) max.get(),
                    n == 0 ? 0 : dbNanos.sum() / 1e6 / n);
        }
    }

    private static final class ShapeFigures {
        final String sql;
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final AtomicLong max = new AtomicLong();

        ShapeFigures(String sql) {
            this.sql = sql;
        }

        void add(long elapsed) {
            count.increment();
            nanos.add(elapsed);
            max.accumulateAndGet(elapsed, Math::max);
        }

        ShapeView view() {
            long n = count.sum();
            double total = nanos.sum() / 1e6;
            return new ShapeView(sql, n, total, n == 0 ? 0 : total / n, max.get() / 1e6);
        }
    }

    private static final class NPlusOne {
        final String endpoint;
        final String sql;
        final LongAdder occurrences = new LongAdder();
        volatile int maxRepeats;
        volatile Instant lastSeen;

        NPlusOne(String endpoint, String sql) {
            this.endpoint = endpoint;
            this.sql = sql;
        }

        synchronized void seen(int repeats, Instant at) {
            occurrences.increment();
            maxRepeats = Math.max(maxRepeats, repeats);
            lastSeen = at;
        }

        NPlusOneView view() {
            return new NPlusOneView(endpoint, sql, occurrences.sum(), maxRepeats, lastSeen);
        }
    }
}
