package dev.pylearn.worker.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile programs against a real {@link LocalSandbox}, each with what it must not achieve, and after
 * each a check that the server is still healthy: the sandbox still runs code (its canary), this JVM
 * still starts threads, PostgreSQL still answers, and nothing the program started is still alive.
 *
 * <p>Used by {@code HostileProgramsTest} (every mode, asserted) and {@code HostileSuiteBenchmark}
 * (the figures). For the modes whose server is an unprivileged JVM, {@link #main} runs the suite in
 * that JVM and prints one line per program for the parent to read.
 */
final class HostileSuite {

    /** What one program did: contained (it achieved nothing it must not), and the server's health after. */
    record Outcome(String program, boolean contained, String detail, String unhealthy) {

        boolean healthy() {
            return unhealthy == null;
        }

        String line() {
            return String.join("\t", "OUTCOME", program, String.valueOf(contained), clean(detail),
                    unhealthy == null ? "" : clean(unhealthy));
        }

        static Outcome parse(String line) {
            String[] parts = line.split("\t", -1);
            return new Outcome(parts[1], Boolean.parseBoolean(parts[2]), parts[3], parts[4].isEmpty() ? null : parts[4]);
        }

        private static String clean(String text) {
            return text.replace('\t', ' ').replace('\n', ' ');
        }
    }

    /** A hostile program: its code, time limit, how many copies run at once, and what it must not achieve. */
    private record Program(String name, String code, Duration limit, int copies, Judge judge) {
    }

    /** Judges a program's runs; {@code peakMb} is the most memory its processes held at once, seen from outside. */
    private interface Judge {
        Judgement apply(List<RunResult> results, long peakMb);
    }

    /** Contained or not, and what the program managed, for the figures. */
    private record Judgement(boolean contained, String detail) {
    }

    /** The suite's sandbox: 4 slots, and all runs together may use only two runs' memory. */
    static SandboxSettings settings(SandboxSettings.CgroupPolicy cgroups) {
        long memory = 256L << 20;
        long run = memory + LocalSandbox.RUN_OVERHEAD_BYTES;
        return new SandboxSettings("/usr/bin/python3", false, 4, memory, 64 * 1024, 0, 16, cgroups, 2 * run, 0,
                SandboxSettings.DEFAULT_START_GRACE);
    }

    private final LocalSandbox sandbox;
    private final SandboxSettings settings;
    private final String nonce = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final Path secretFile;
    private final String secret = "SECRET-" + nonce;

    HostileSuite(LocalSandbox sandbox, SandboxSettings settings) {
        this.sandbox = sandbox;
        this.settings = settings;
        try {
            // world-readable on the host: only the sandbox's own file system keeps it out of reach
            secretFile = Files.createTempFile("pylearn-secret-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.writeString(secretFile, secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs every program, one after another, handing each outcome to {@code each} as it comes. */
    List<Outcome> run(java.util.function.Consumer<Outcome> each) {
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (Program program : programs()) {
                MemorySampler memory = new MemorySampler();
                List<RunResult> results;
                try {
                    results = runCopies(program);
                } finally {
                    memory.stop();
                }
                Judgement judgement;
                try {
                    judgement = program.judge().apply(results, memory.peakMb());
                } catch (RuntimeException e) {
                    judgement = new Judgement(false, "unexpected result " + results + ": " + e);
                }
                long left = leftovers();
                if (left > 0) {
                    judgement = new Judgement(false, left + " of its processes outlived the run; " + judgement.detail());
                }
                Outcome outcome = new Outcome(program.name(), judgement.contained(), judgement.detail(), health());
                outcomes.add(outcome);
                each.accept(outcome);
            }
        } finally {
            try {
                Files.deleteIfExists(secretFile);
            } catch (IOException e) {
                // a temporary file
            }
        }
        return outcomes;
    }

    private List<RunResult> runCopies(Program program) {
        String entry = "hostile_" + nonce + ".py";
        // a program may need the moment its copies start, as seconds since the epoch
        String code = program.code().replace("START = %s", "START = " + (System.currentTimeMillis() + 1000) / 1000.0);
        RunRequest request = new RunRequest(Map.of(entry, code), entry, "", program.limit());
        if (program.copies() == 1) {
            return List.of(sandbox.run(request));
        }
        ExecutorService pool = Executors.newFixedThreadPool(program.copies());
        try {
            List<Future<RunResult>> running = new ArrayList<>();
            for (int i = 0; i < program.copies(); i++) {
                running.add(pool.submit(() -> sandbox.run(request)));
            }
            List<RunResult> results = new ArrayList<>();
            for (Future<RunResult> future : running) {
                results.add(future.get());
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("running " + program.name() + " failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether memory sampled from outside stayed within a cap the kernel enforces, give or take 1%: the
     * sampler sums proportional set sizes over two passes, and a page a process touched before it joined
     * the run's cgroup is charged to the cgroup it came from, so the sum can exceed the charged memory by
     * a megabyte or so (579 MB seen against a 578 MB cap for all runs, with 9 processes killed by it).
     * A real escape is a run holding what the cap refused, tens of megabytes over.
     */
    static boolean withinCap(long peakMb, long capMb) {
        return peakMb <= capMb + Math.max(1, capMb / 100);
    }

    /**
     * Samples, every 20 ms while a program runs, the anonymous and shared-memory proportional set size
     * of all processes that carry the program's name (bubblewrap's and Python's), and keeps the largest
     * sum: the memory the runs held at once, pages shared after a fork counted once. Mapped files (the
     * interpreter, its libraries) are left out: they are the host's page cache, reclaimable, and may be
     * charged to whoever read them first. A pass reads the processes one after another, so a page freed
     * by a process the kernel kills and taken by another during the pass can be counted twice: the peak
     * is therefore the largest sum held over two passes in a row.
     */
    private final class MemorySampler {

        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peakKb;

        MemorySampler() {
            thread = new Thread(() -> {
                long previous = 0;
                while (running) {
                    long kb = ProcessHandle.allProcesses()
                            .filter(p -> p.info().commandLine().map(line -> line.contains(nonce)).orElse(false))
                            .mapToLong(p -> anonymousPssKb(p.pid())).sum();
                    peakKb = Math.max(peakKb, Math.min(previous, kb));
                    previous = kb;
                    pause(20);
                }
            }, "hostile-memory-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long peakMb() {
            return peakKb >> 10;
        }

        private static long anonymousPssKb(long pid) {
            try {
                long kb = 0;
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                    if (line.startsWith("Pss_Anon:") || line.startsWith("Pss_Shmem:")) {
                        kb += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
                return kb;
            } catch (IOException | UncheckedIOException | NumberFormatException e) {
                // the process is gone
            }
            return 0;
        }
    }

    // --- the server's health ------------------------------------------------------------------------

    /** Null when the server is healthy: the sandbox still runs code, the JVM starts threads, PostgreSQL answers. */
    private String health() {
        List<String> problems = new ArrayList<>();
        CodeRunnerCanary.Status canary = CodeRunnerCanary.probe(sandbox, Clock.systemUTC());
        if (!canary.up()) {
            problems.add(canary.detail());
        }
        Thread thread = new Thread(() -> { });
        try {
            thread.start();
            thread.join(5000);
        } catch (RuntimeException | InterruptedException | OutOfMemoryError e) {
            problems.add("the JVM cannot start a thread: " + e);
        }
        String database = database();
        if (database != null) {
            problems.add(database);
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String database() {
        String url = System.getenv().getOrDefault("PYLEARN_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(url,
                System.getenv().getOrDefault("PYLEARN_TEST_DATABASE_USERNAME", "postgres"),
                System.getenv().getOrDefault("PYLEARN_TEST_DATABASE_PASSWORD", ""));
             ResultSet answer = connection.createStatement().executeQuery("SELECT 1")) {
            return answer.next() && answer.getInt(1) == 1 ? null : "PostgreSQL answered SELECT 1 wrongly";
        } catch (SQLException e) {
            return "PostgreSQL does not answer: " + e.getMessage();
        }
    }

    /** Processes still alive whose command line names the program, once a kill has had time to land. */
    private long leftovers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long count;
        do {
            count = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(line -> line.contains(nonce)).orElse(false))
                    .count();
        } while (count > 0 && System.nanoTime() < deadline && pause(50));
        return count;
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- the programs -----------------------------------------------------------------------------

    private List<Program> programs() {
        int processes = settings.processes();
        long memoryMb = settings.memoryBytes() >> 20;
        boolean cgroups = sandbox.cgroupCaps();
        Cgroups.Caps caps = LocalSandbox.caps(settings);
        long runCapMb = cgroups ? caps.runMemory() >> 20 : processes * memoryMb;
        long totalCapMb = cgroups ? caps.totalMemory() >> 20 : settings.concurrency() * processes * memoryMb;
        String bound = cgroups ? "cgroup cap" : "rlimit bound (processes x memory)";
        List<Program> programs = new ArrayList<>();

        programs.add(new Program("fork bomb", """
                import os, time
                while True:
                    try:
                        os.fork()
                    except OSError:
                        time.sleep(30)
                """, Duration.ofSeconds(1), 1, (results, peakMb) -> {
                    RunResult r = results.get(0);
                    return judge(r.timedOut() && r.durationMs() < 6000, "ended at the time limit after "
                            + r.durationMs() + " ms");
                }));

        programs.add(new Program("processes until refused", """
                import os, time
                count = 1
                while count < 1000:
                    try:
                        pid = os.fork()
                    except OSError:
                        break
                    if pid == 0:
                        time.sleep(30)
                        os._exit(0)
                    count += 1
                print("processes", count, flush=True)
                os._exit(0)
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> {
                    int count = number(results.get(0).stdout(), "processes");
                    return judge(count <= processes, count + " processes at once (cap " + processes + ")");
                }));

        programs.add(new Program("thread bomb", """
                import os, threading, time
                count = 1
                while count < 1000:
                    try:
                        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
                    except RuntimeError:
                        break
                    count += 1
                print("threads", count, flush=True)
                os._exit(0)
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> {
                    int count = number(results.get(0).stdout(), "threads");
                    return judge(count <= processes, count + " threads at once (cap " + processes + ")");
                }));

        programs.add(new Program("memory bomb", """
                x = bytearray(2 * 1024 ** 3)
                print("allocated", len(x))
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> judge(!results.get(0).stdout().contains("allocated"),
                        firstLine(results.get(0).stderr(), "MemoryError"))));

        // the memory the runs' processes held at once is measured from outside (their proportional set
        // size, sampled); with cgroups the run's cap must also have bitten (the kernel killed some)
        programs.add(new Program("memory spread over 8 processes", memoryHog(40, 0), Duration.ofSeconds(30), 1,
                (results, peakMb) -> {
                    int killed = number(results.get(0).stdout(), "killed");
                    return judge(withinCap(peakMb, runCapMb) && (!cgroups || killed > 0), "at most " + peakMb + " MB held at "
                            + "once, " + killed + " processes killed (" + bound + " " + runCapMb + " MB)"
                            + pending(results));
                }));

        // 4 x 8 x 24 MB: more than all runs may hold together, less than each run may hold alone
        programs.add(new Program("4 runs spreading memory at once", memoryHog(24, 6), Duration.ofSeconds(30), 4,
                (results, peakMb) -> {
                    int killed = results.stream().mapToInt(r -> number(r.stdout(), "killed")).sum();
                    return judge(withinCap(peakMb, totalCapMb), "at most " + peakMb + " MB held by all runs at once, " + killed
                            + " processes killed (" + bound + " for all runs " + totalCapMb + " MB)" + pending(results));
                }));

        programs.add(new Program("CPU spin on 4 processes", """
                import os, time
                children = []
                for i in range(4):
                    pid = os.fork()
                    if pid == 0:
                        while True:
                            pass
                    children.append(pid)
                start = time.monotonic()
                time.sleep(1.5)
                ticks = 0
                for pid in children:
                    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
                    ticks += int(fields[11]) + int(fields[12])
                print("cores %.2f" % (ticks / os.sysconf("SC_CLK_TCK") / (time.monotonic() - start)), flush=True)
                time.sleep(30)
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> {
                    RunResult r = results.get(0);
                    double cores = decimal(r.stdout(), "cores");
                    boolean capped = !cgroups || cores <= 1.25;
                    return judge(r.timedOut() && r.durationMs() < 8000 && capped, String.format(
                            "%.2f cores used%s, ended at the time limit after %d ms", cores,
                            cgroups ? " (cap 1)" : " (no per-run CPU cap without cgroups: nice, RLIMIT_CPU, the wall-clock backstop)",
                            r.durationMs()));
                }));

        programs.add(new Program("sleep past the time limit", """
                import time
                time.sleep(30)
                """, Duration.ofSeconds(1), 1, (results, peakMb) -> {
                    RunResult r = results.get(0);
                    return judge(r.timedOut() && r.durationMs() < 6000, "ended after " + r.durationMs() + " ms");
                }));

        programs.add(new Program("background process left behind", """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    os._exit(0)
                print("main program done", flush=True)
                """, Duration.ofSeconds(2), 1, (results, peakMb) -> judge(results.get(0).stdout().contains("done"),
                        "the run ended with its main program")));

        programs.add(new Program("closes stdout and keeps running", """
                import os, time
                os.close(1)
                os.close(2)
                while True:
                    time.sleep(0.1)
                """, Duration.ofSeconds(1), 1, (results, peakMb) -> {
                    RunResult r = results.get(0);
                    return judge(r.timedOut() && r.durationMs() < 6000, "ended at the time limit after "
                            + r.durationMs() + " ms");
                }));

        programs.add(new Program("100 MB of output", """
                import sys
                chunk = "x" * (1 << 20)
                for _ in range(100):
                    sys.stdout.write(chunk)
                """, Duration.ofSeconds(5), 1, (results, peakMb) -> {
                    RunResult r = results.get(0);
                    return judge(r.outputTruncated() && r.stdout().length() <= settings.outputLimitBytes(),
                            r.stdout().length() + " bytes kept, run killed");
                }));

        programs.add(new Program("disk fill", """
                import os
                def fill(where):
                    written = 0
                    try:
                        for i in range(1000):
                            with open(os.path.join(where, "fill%d" % i), "wb") as f:
                                for _ in range(16):
                                    f.write(b"x" * 65536)
                                    written += 65536
                    except OSError:
                        pass
                    return written >> 10
                for where in ["/tmp", "/dev/shm", "/", "/sandbox", "/dev", "/usr"]:
                    print("kb", where, fill(where), flush=True)
                """, Duration.ofSeconds(5), 1, (results, peakMb) -> {
                    Map<String, Integer> written = new java.util.LinkedHashMap<>();
                    Matcher line = Pattern.compile("kb (\\S+) (\\d+)").matcher(results.get(0).stdout());
                    while (line.find()) {
                        written.put(line.group(1), Integer.parseInt(line.group(2)));
                    }
                    boolean contained = written.size() == 6 && written.get("/tmp") <= LocalSandbox.TMP_BYTES >> 10
                            && written.get("/dev/shm") <= LocalSandbox.SHM_BYTES >> 10
                            && written.entrySet().stream().filter(e -> !e.getKey().equals("/tmp")
                                    && !e.getKey().equals("/dev/shm")).allMatch(e -> e.getValue() == 0);
                    return judge(contained, "KB written " + written);
                }));

        List<String> serverValues = System.getenv().values().stream()
                .filter(value -> value.length() >= 12 && !value.contains("/")).toList();
        programs.add(new Program("reads secrets and the server's files", """
                import glob, os
                for path in [%s, "/etc/shadow", "/etc/passwd", "/root", "/work", "/home", %s, %s]:
                    try:
                        if os.path.isdir(path):
                            print("READ", path, os.listdir(path))
                        else:
                            print("READ", path, open(path, "rb").read(200))
                    except OSError:
                        pass
                for path in glob.glob("/proc/*/environ") + glob.glob("/proc/*/cmdline"):
                    try:
                        print(path, open(path, "rb").read(2000))
                    except OSError:
                        pass
                print("environment", dict(os.environ))
                """.formatted(quote(secretFile.toString()), quote(System.getProperty("user.dir")),
                        quote(HostileSuite.class.getProtectionDomain().getCodeSource().getLocation().getPath())),
                Duration.ofSeconds(3), 1, (results, peakMb) -> {
                    String out = results.get(0).stdout();
                    List<String> leaked = new ArrayList<>();
                    if (out.contains(secret)) {
                        leaked.add("the secret file");
                    }
                    if (out.contains("READ ")) {
                        leaked.add("server paths: " + Pattern.compile("READ (\\S+)").matcher(out).results()
                                .map(m -> m.group(1)).toList());
                    }
                    serverValues.stream().filter(out::contains).findFirst()
                            .ifPresent(value -> leaked.add("a value of the server's environment"));
                    return judge(leaked.isEmpty(), leaked.isEmpty() ? "saw only its own files and variables"
                            : "read " + String.join(", ", leaked));
                }));

        programs.add(new Program("network", """
                import socket
                for host, port in [("127.0.0.1", 5432), ("127.0.0.1", 6379), ("::1", 5432), ("1.1.1.1", 53)]:
                    try:
                        socket.create_connection((host, port), timeout=1)
                        print("CONNECTED", host, port)
                    except OSError as e:
                        print("refused", host, port, e.errno)
                try:
                    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53))
                    print("SENT udp")
                except OSError as e:
                    print("refused udp", e.errno)
                """, Duration.ofSeconds(5), 1, (results, peakMb) -> {
                    String out = results.get(0).stdout();
                    return judge(!out.contains("CONNECTED") && !out.contains("SENT") && out.contains("refused udp"),
                            out.contains("CONNECTED") || out.contains("SENT") ? "reached the network"
                                    : "every connection refused");
                }));

        programs.add(new Program("nested sandbox (user namespaces)", """
                import ctypes, os, subprocess
                libc = ctypes.CDLL(None, use_errno=True)
                def report(what, ok):
                    print(("ESCAPED " if ok else "denied ") + what, flush=True)
                report("unshare(CLONE_NEWUSER)", libc.unshare(0x10000000) == 0)
                report("unshare(CLONE_NEWNS)", libc.unshare(0x00020000) == 0)
                pid = libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0)
                if pid == 0:
                    os._exit(0)
                report("clone(CLONE_NEWUSER)", pid > 0)
                fd = os.open("/proc/self/ns/user", os.O_RDONLY)
                report("setns", libc.setns(fd, 0) == 0)
                for command in (["unshare", "-Ur", "true"], ["bwrap", "--ro-bind", "/", "/", "true"]):
                    report(" ".join(command), subprocess.run(command, capture_output=True).returncode == 0)
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> denials(results.get(0))));

        programs.add(new Program("mount", """
                import ctypes, subprocess
                libc = ctypes.CDLL(None, use_errno=True)
                def report(what, ok):
                    print(("ESCAPED " if ok else "denied ") + what, flush=True)
                report("mount tmpfs", libc.mount(b"none", b"/tmp", b"tmpfs", 0, None) == 0)
                report("umount /sandbox", libc.umount2(b"/sandbox", 2) == 0)
                report("chroot", libc.chroot(b"/tmp") == 0)
                report("mount command", subprocess.run(["mount", "-t", "tmpfs", "none", "/tmp"],
                                                       capture_output=True).returncode == 0)
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> denials(results.get(0))));

        programs.add(new Program("ptrace of another process", """
                import ctypes, os, time
                libc = ctypes.CDLL(None, use_errno=True)
                def report(what, ok):
                    print(("ESCAPED " if ok else "denied ") + what, flush=True)
                child = os.fork()
                if child == 0:
                    time.sleep(30)
                    os._exit(0)
                report("ptrace attach to a child", libc.ptrace(16, child, 0, 0) == 0)
                report("ptrace attach to pid 1", libc.ptrace(16, 1, 0, 0) == 0)
                try:
                    open("/proc/1/mem", "rb").read(1)
                    report("read /proc/1/mem", True)
                except OSError:
                    report("read /proc/1/mem", False)
                os.kill(child, 9)
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> denials(results.get(0))));

        programs.add(new Program("kills processes outside", """
                import os
                for pid in [%d]:
                    try:
                        os.kill(pid, 9)
                        print("KILLED", pid, flush=True)
                    except OSError:
                        print("denied", pid, flush=True)
                if os.fork() == 0:
                    for pid in range(1, 70000):
                        try:
                            os.kill(pid, 9)
                        except OSError:
                            pass
                    os.kill(-1, 9)
                    os._exit(0)
                os.wait()
                """.formatted(ProcessHandle.current().pid()), Duration.ofSeconds(5), 1,
                (results, peakMb) -> judge(!results.get(0).stdout().contains("KILLED"),
                        "killed only its own processes (exit " + results.get(0).exitCode() + ")")));

        programs.add(new Program("system calls learner code never needs", """
                import ctypes, platform
                libc = ctypes.CDLL(None, use_errno=True)
                calls = [("keyctl", 250, 0, 0), ("add_key", 248, 0, 0), ("request_key", 249, 0, 0),
                         ("bpf", 321, 0, 0), ("perf_event_open", 298, 0, 0), ("userfaultfd", 323, 1, 0),
                         ("io_uring_setup", 425, 1, 0), ("personality", 135, 0xffffffff, 0),
                         ("kexec_load", 246, 0, 0), ("init_module", 175, 0, 0), ("reboot", 169, 0, 0),
                         ("swapon", 167, 0, 0), ("pivot_root", 155, 0, 0), ("open_by_handle_at", 304, 0, 0),
                         ("process_vm_readv", 310, 1, 0), ("unshare", 272, 0x10000000, 0)]
                assert platform.machine() == "x86_64", "system call numbers are x86_64's"
                for name, number, a, b in calls:
                    result = libc.syscall(number, ctypes.c_long(a), ctypes.c_long(b), 0, 0, 0)
                    print(("ESCAPED " if result != -1 else "denied ") + name, ctypes.get_errno(), flush=True)
                """, Duration.ofSeconds(3), 1, (results, peakMb) -> denials(results.get(0))));

        return programs;
    }

    /** For programs that print "denied X" or "ESCAPED X" per attempt. */
    private static Judgement denials(RunResult result) {
        List<String> escaped = Pattern.compile("ESCAPED (.+)").matcher(result.stdout()).results()
                .map(m -> m.group(1).strip()).toList();
        long denied = result.stdout().lines().filter(line -> line.startsWith("denied ")).count();
        return judge(escaped.isEmpty() && denied > 0, escaped.isEmpty() ? denied + " attempts, all denied"
                : "succeeded: " + escaped + (result.stderr().isBlank() ? "" : "; " + result.stderr().strip()));
    }

    /**
     * Forks 8 children that each allocate and touch a block of {@code blockMb}, waits until each holds
     * its block or has been killed, and reports the counts; then it keeps holding for half a second, or
     * until START + {@code holdSeconds} (START set when its copies are launched) so parallel copies overlap.
     */
    private static String memoryHog(int blockMb, int holdSeconds) {
        return """
                import os, time
                START = %s
                BLOCK_MB = BLOCK
                reports, report = os.pipe()
                os.set_blocking(reports, False)
                children = {}
                for i in range(8):
                    try:
                        pid = os.fork()
                    except OSError:
                        break
                    if pid == 0:
                        try:
                            block = bytearray(BLOCK_MB << 20)
                            for j in range(0, len(block), 4096):
                                block[j] = 1
                            os.write(report, bytes([i]))
                        except MemoryError:
                            pass
                        time.sleep(60)
                        os._exit(0)
                    children[i] = pid
                reported, dead = set(), set()
                while time.time() < START + 25 and len(reported | dead) < len(children):
                    time.sleep(0.05)
                    try:
                        reported |= set(os.read(reports, 64))
                    except BlockingIOError:
                        pass
                    for i, pid in children.items():
                        if i not in dead and os.waitpid(pid, os.WNOHANG) != (0, 0):
                            dead.add(i)
                print("killed", len(dead), "pending", len(children) - len(reported | dead), flush=True)
                time.sleep(max(0.5, START + HOLD - time.time()))
                os._exit(0)
                """.replace("BLOCK_MB = BLOCK", "BLOCK_MB = " + blockMb).replace("START + HOLD", "START + " + holdSeconds);
    }

    /** Children of the memory programs that neither held their block nor died before the program looked. */
    private static String pending(List<RunResult> results) {
        int pending = results.stream().mapToInt(r -> number(r.stdout(), "pending")).sum();
        return pending == 0 ? "" : ", " + pending + " still allocating";
    }

    private static Judgement judge(boolean contained, String detail) {
        return new Judgement(contained, detail);
    }

    private static int number(String output, String label) {
        Matcher matcher = Pattern.compile(label + " (\\d+)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no \"" + label + "\" in " + output);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static double decimal(String output, String label) {
        Matcher matcher = Pattern.compile(label + " ([0-9.]+)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no \"" + label + "\" in " + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static String firstLine(String text, String containing) {
        return text.lines().filter(line -> line.contains(containing)).findFirst().orElse(text.strip());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // --- in an unprivileged JVM -------------------------------------------------------------------

    /**
     * {@code HostileSuite <AUTO|REQUIRED|OFF>}: starts a sandbox as this JVM's user, prints "SANDBOX" and
     * its description, one "OUTCOME" line per program, then "DONE"; "REFUSED" and the reason when the
     * sandbox will not start.
     */
    public static void main(String[] args) {
        SandboxSettings settings = settings(SandboxSettings.CgroupPolicy.valueOf(args[0]));
        LocalSandbox sandbox;
        try {
            sandbox = new LocalSandbox(settings);
        } catch (IllegalStateException e) {
            System.out.println("REFUSED\t" + e.getMessage().replace('\n', ' '));
            System.exit(2);
            return;
        }
        try (sandbox) {
            System.out.println("SANDBOX\t" + sandbox.describe());
            new HostileSuite(sandbox, settings).run(outcome -> {
                System.out.println(outcome.line());
                System.out.flush();
            });
            System.out.println("DONE");
        }
        System.out.flush();
        System.exit(0);
    }
}
