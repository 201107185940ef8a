package dev.pylearn.infra.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import dev.pylearn.monitoring.observability.QueryTracker;

/**
 * Where a benchmark's CPU went: the CPU time of this JVM's threads grouped by name (numbers dropped, so
 * {@code chat-writer-3} counts as {@code chat-writer-#}) and of the machine's PostgreSQL processes,
 * between {@link #start()} and {@link #print}, as cores used on average. On a box where the CPU is
 * saturated the latency follows whoever takes it; this says who. The benchmark's clients run in this
 * JVM too and show up under their own names ({@code HttpClient-#-Worker-#}). With the nodes' statement trackers,
 * it also prints the statements per second by shape: who keeps the database busy.
 */
final class CpuByThread {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final java.util.List<QueryTracker> trackers;
    private Map<String, Long> before = Map.of();
    private Map<String, Long> statementsBefore = Map.of();
    private long startedAt;

    /** @param trackers the nodes' statement trackers, whose statements by shape are printed too */
    CpuByThread(java.util.List<QueryTracker> trackers) {
        this.trackers = trackers;
    }

    CpuByThread start() {
        before = snapshot();
        statementsBefore = statements();
        startedAt = System.nanoTime();
        return this;
    }

    private Map<String, Long> statements() {
        Map<String, Long> counts = new HashMap<>();
        for (QueryTracker tracker : trackers) {
            for (QueryTracker.ShapeView shape : tracker.topShapesByCount(Integer.MAX_VALUE)) {
                counts.merge(shape.sql(), shape.count(), Long::sum);
            }
        }
        return counts;
    }

    /** Prints the groups that used at least {@code 0.01} of a core, busiest first. */
    void print(String label) {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        Map<String, Long> after = snapshot();
        StringBuilder line = new StringBuilder(String.format("%s: cores used over %.1f s by thread group:", label, seconds));
        double total = 0;
        var used = new java.util.ArrayList<Map.Entry<String, Double>>();
        for (var entry : after.entrySet()) {
            double cores = (entry.getValue() - before.getOrDefault(entry.getKey(), 0L)) / 1e9 / seconds;
            total += cores;
            if (cores >= 0.01) {
                used.add(Map.entry(entry.getKey(), cores));
            }
        }
        used.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        line.append(String.format(" total %.2f;", total));
        for (var entry : used) {
            line.append(String.format(" %s %.2f", entry.getKey(), entry.getValue()));
        }
        System.out.println(line);
        if (!trackers.isEmpty()) {
            var shapes = new java.util.ArrayList<Map.Entry<String, Long>>();
            long all = 0;
            for (var entry : statements().entrySet()) {
                long count = entry.getValue() - statementsBefore.getOrDefault(entry.getKey(), 0L);
                all += count;
                if (count > 0) {
                    shapes.add(Map.entry(entry.getKey(), count));
                }
            }
            shapes.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            System.out.printf("%s: %,.0f statements/s (all nodes); the most frequent:%n", label, all / seconds);
            for (var shape : shapes.subList(0, Math.min(10, shapes.size()))) {
                String sql = shape.getKey();
                System.out.printf("  %,8.1f/s  %s%n", shape.getValue() / seconds, sql.length() > 160 ? sql.substring(0, 160) + "..." : sql);
            }
        }
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> cpu = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long nanos = threads.getThreadCpuTime(ids[i]);
            if (infos[i] != null && nanos > 0) {
                cpu.merge(infos[i].getThreadName().replaceAll("\\d+", "#"), nanos, Long::sum);
            }
        }
        cpu.put("(postgres)", postgresNanos());
        return cpu;
    }

    /** User and system time of every process named postgres, from /proc (0 where there is none). */
    private static long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException noProc) {
            return 0;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }
}
