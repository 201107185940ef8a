package dev.pylearn.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Python in a child process on this machine, confined by bubblewrap: its own user, pid, network,
 * IPC, UTS and cgroup namespaces (no network; no process of the server visible or reachable), no
 * nested user namespaces ({@code --disable-userns}), a seccomp filter denying what learner code never
 * needs ({@link SeccompFilter}), only /usr read-only, a read-only root, a small /tmp and /dev/shm,
 * the run's files read-only in /sandbox, and an environment cleared all the way from the JVM down, so
 * nothing of the server (its variables, its files) is visible.
 *
 * <p>Caps. Inside, prlimit caps CPU seconds, address space and file size per process, and processes
 * per run (counted in the run's own user namespace). With cgroups ({@link Cgroups}) each run is
 * also capped as a whole (memory of all its processes and its /tmp, processes, one CPU), and all runs
 * together are capped too, so they cannot take memory or threads from the JVM or PostgreSQL. Without
 * cgroups (refused, or turned off) the rlimits alone remain: they bound each process, so one run can
 * hold up to {@code processes} times its memory. The wall-clock limit and the output cap kill the
 * whole run; with cgroups nothing it started outlives it, without them its pid namespace ends with it.
 *
 * <p>Modes. As root, each slot runs as an unprivileged uid of its own ({@value #FIRST_UID} + slot),
 * switched to before bubblewrap starts; as another user, runs have that user's uid outside their user
 * namespace. Either way bubblewrap creates a user namespace as an unprivileged user, which the kernel
 * must allow (or bwrap must be setuid). Start-up checks everything and runs a canary program; the
 * sandbox refuses to start, saying why, if anything is missing, unless told to run unconfined.
 *
 * <p>This is for the embedded default, small installations and the tests; Piston is the backend for
 * running code on machines of its own.
 */
public class LocalSandbox implements CodeRunner, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSandbox.class);

    /** First uid of the slot range when running as root; slot n runs as FIRST_UID + n. */
    static final int FIRST_UID = 61000;
    private static final long MB = 1024 * 1024;
    static final long TMP_BYTES = 16 * MB;
    static final long SHM_BYTES = MB;
    /** What a run's group holds beside the learner's memory: /tmp and /dev/shm pages, bubblewrap, page tables. */
    static final long RUN_OVERHEAD_BYTES = TMP_BYTES + SHM_BYTES + 16 * MB;
    /** What a run holds beside the learner's processes: bubblewrap's monitor, the timing shell (the namespace's init), one spare. */
    static final int RUN_OVERHEAD_PROCESSES = 3;
    static final long FILE_SIZE_BYTES = MB;
    private static final String RUN_PATH = "/usr/bin:/bin";

    /**
     * Outside the sandbox: moves itself into the slot's cgroups (before anything of the run exists, so
     * nothing escapes the caps), opens the seccomp filter as fd 3, bubblewrap's status file as fd 4 and
     * the CPU time report as fd 5 (for {@link #TIME}), and becomes the rest of the command line.
     */
    private static final String LAUNCH = """
            filter=$1 status=$2 cpu=$3
            shift 3
            while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done
            shift
            if [ -n "$filter" ]; then exec "$@" 3< "$filter" 4> "$status" 5> "$cpu"; fi
            exec "$@" 4> "$status" 5> "$cpu"
            """;

    /**
     * Inside the sandbox, the parent of the learner's program: runs it without fd 5, waits for it and
     * reports on fd 5 the CPU time (user and system) of it and of every process of it that was waited
     * for ({@code times}: the second line is the children's). It has to be inside: bubblewrap does not
     * wait for its namespace's init, so outside it the kernel's accounting of the run is lost.
     */
    private static final String TIME = """
            "$@" 5>&-
            status=$?
            times >&5
            exit $status
            """;

    /**
     * The wall-clock backstop, in multiples of a test's limit: the limit is CPU time, which a busy machine
     * does not stretch; wall time stops only what waits instead of computing (sleeps, reads that never end).
     * Twice the limit, as judges that separate the two commonly allow.
     */
    static final int WALL_CLOCK_FACTOR = 2;

    /**
     * How long the run's output may take to be read to its end once the run has exited. It was 2 s, and
     * a reader that had not finished by then left the rest unread, so a right answer could be judged on
     * part of its output ("ended the run early"). The run has ended: this waits only for a reader the
     * machine has not scheduled yet; output still unread after it is the runner's failure, never judged.
     */
    static final long OUTPUT_WAIT_MILLIS = 10_000;

    private final SandboxSettings settings;
    private final boolean confined;
    private final boolean root;
    private final SeccompFilter seccomp;
    private final Cgroups cgroups;
    private final String capsDescription;
    private final BlockingQueue<Integer> slots;

    public LocalSandbox(String python, boolean allowUnconfined, int concurrency, long memoryBytes,
                        int outputLimitBytes) {
        this(SandboxSettings.of(python, allowUnconfined, concurrency, memoryBytes, outputLimitBytes, 0));
    }

    /**
     * @param niceness CPU priority of learner code (0 to 19): above 0, sandboxed runs take the CPU
     *                 only when the web tier and the projections leave it, so a wave of submissions
     *                 cannot slow every page down; runs still finish within their wall-clock limits
     *                 because each test needs milliseconds of CPU and the limits are seconds
     */
    public LocalSandbox(String python, boolean allowUnconfined, int concurrency, long memoryBytes,
                        int outputLimitBytes, int niceness) {
        this(SandboxSettings.of(python, allowUnconfined, concurrency, memoryBytes, outputLimitBytes, niceness));
    }

    public LocalSandbox(SandboxSettings settings) {
        this.settings = settings;
        this.root = Cgroups.uid() == 0;
        this.confined = commandExists("bwrap");
        if (!confined && !settings.allowUnconfined()) {
            throw new IllegalStateException("bubblewrap (bwrap) is not installed: the local sandbox will not run "
                    + "untrusted code unconfined. Install it (apt-get install bubblewrap python3-seccomp), configure "
                    + "Piston (PYLEARN_PISTON_URL), or set pylearn.sandbox.allow-unconfined=true for a trusted machine.");
        }
        for (String tool : root ? List.of("prlimit", "setpriv") : List.of("prlimit")) {
            if (!commandExists(tool)) {
                throw new IllegalStateException(tool + " is not installed in /usr/bin: the local sandbox needs it to cap "
                        + "each run (apt-get install util-linux)");
            }
        }
        if (confined) {
            requireUsernsSwitch();
        }
        this.seccomp = confined ? seccompFilter(settings.allowUnconfined()) : null;
        Cgroups groups = null;
        String caps;
        if (settings.cgroups() == SandboxSettings.CgroupPolicy.OFF) {
            caps = "rlimits only (cgroups turned off)";
        } else {
            try {
                groups = Cgroups.create(settings.concurrency(), caps(settings));
                caps = groups.describe();
            } catch (Cgroups.Unavailable e) {
                if (settings.cgroups() == SandboxSettings.CgroupPolicy.REQUIRED) {
                    throw new IllegalStateException("the local sandbox needs cgroups (PYLEARN_SANDBOX_CGROUPS=required) "
                            + "and cannot have them: " + e.getMessage());
                }
                caps = "rlimits only, no cgroups: " + e.getMessage();
                log.warn("Local sandbox without cgroups: each process is capped by rlimits, not each run or all "
                        + "runs together ({})", e.getMessage());
            }
        }
        this.cgroups = groups;
        this.capsDescription = caps;
        this.slots = new ArrayBlockingQueue<>(settings.concurrency());
        for (int slot = 0; slot < settings.concurrency(); slot++) {
            slots.add(slot);
        }
        CodeRunnerCanary.Status canary = CodeRunnerCanary.probe(this, Clock.systemUTC());
        if (!canary.up()) {
            close();
            boolean namespaces = Stream.of("namespace", "uid map", "not permitted", "Permission denied")
                    .anyMatch(canary.detail()::contains);
            throw new IllegalStateException("the local sandbox does not work on this machine: " + canary.detail()
                    + (confined && namespaces ? userNamespaceHint() : ""));
        }
        log.info("Local sandbox ready: {}", describe());
    }

    /** The cgroup caps that follow from the settings. */
    static Cgroups.Caps caps(SandboxSettings settings) {
        long runMemory = settings.memoryBytes() + RUN_OVERHEAD_BYTES;
        int runProcesses = settings.processes() + RUN_OVERHEAD_PROCESSES;
        double cpus = settings.cpus() > 0 ? settings.cpus() : Runtime.getRuntime().availableProcessors();
        long totalMemory = settings.memoryTotalBytes() > 0 ? settings.memoryTotalBytes()
                : runMemory * settings.concurrency();
        return new Cgroups.Caps(runMemory, runProcesses, Math.min(1, cpus), totalMemory,
                runProcesses * settings.concurrency(), cpus);
    }

    @Override
    public String describe() {
        String isolation = !confined ? "UNCONFINED"
                : "bubblewrap, " + (seccomp == null ? "NO seccomp filter" : "seccomp filter (" + seccomp.denied().size()
                + " calls denied)") + ", " + (root ? "a uid per slot" : "uid " + Cgroups.uid());
        return "local sandbox (" + isolation + "; " + capsDescription + "; " + settings.python() + ")";
    }

    /** Whether runs are capped by cgroups (false: rlimits only). */
    public boolean cgroupCaps() {
        return cgroups != null;
    }

    @Override
    public RunResult run(RunRequest request) {
        int slot;
        try {
            slot = slots.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while waiting for a sandbox slot", null, e);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pylearn-run-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path code = Files.createDirectory(dir.resolve("code"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            for (Map.Entry<String, String> file : request.files().entrySet()) {
                Path path = code.resolve(file.getKey());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            }
            // the test's input is for the run alone, not for other users of the machine
            Path stdin = Files.writeString(Files.createFile(dir.resolve("stdin.txt"),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    request.stdin() == null ? "" : request.stdin(), StandardCharsets.UTF_8);
            Path status = dir.resolve("status.json");
            Path cpu = dir.resolve("cpu.txt");
            Path filter = seccomp == null ? null : seccomp.writeTo(dir.resolve("seccomp.bpf"));
            return execute(command(code, filter, status, cpu, request, slot), dir, stdin, status, cpu,
                    request.timeLimit(), slot);
        } catch (IOException e) {
            throw new TransientBackendException(CodeRunnerCanary.UNAVAILABLE + ": the local sandbox could not start: "
                    + e.getMessage(), null, e);
        } finally {
            if (cgroups != null && !cgroups.slot(slot).killAll(Duration.ofSeconds(5))) {
                log.error("Sandbox slot {} still has processes after its run: {}", slot, cgroups.slot(slot).pids());
            }
            deleteQuietly(dir);
            slots.add(slot);
        }
    }

    private List<String> command(Path code, Path filter, Path status, Path cpu, RunRequest request, int slot) {
        // each process's CPU cap, a second beyond the limit (it counts whole seconds): a busy loop is
        // stopped there at the latest and, its CPU time being over the limit, judged a timeout
        long cpuSeconds = Math.max(1, (request.timeLimit().toMillis() + 999) / 1000) + 1;
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", LAUNCH, "sandbox-launch",
                filter == null ? "" : filter.toString(), status.toString(), cpu.toString()));
        if (cgroups != null) {
            cgroups.slot(slot).procsFiles().forEach(file -> command.add(file.toString()));
        }
        command.add("--");
        if (settings.niceness() > 0) {
            command.addAll(List.of("nice", "-n", String.valueOf(settings.niceness())));
        }
        if (root) {
            int uid = FIRST_UID + slot;
            command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--no-new-privs", "--"));
        }
        if (confined) {
            // --as-pid-1: the timing shell is the namespace's init, which bubblewrap's monitor waits for and
            // reaps. With bubblewrap's own init, the monitor exited as soon as that init reported the exit
            // code, and the init, orphaned, stayed a zombie until the machine's PID 1 reaped it, still
            // counted in the slot's process cap: seen 2026-11-29 as "sandbox-time: Cannot fork" failing
            // correct solutions in ReferenceSolutionsTest (90 zombie bwrap processes, slots at 16 of 19).
            command.addAll(List.of("bwrap", "--as-pid-1", "--unshare-user", "--disable-userns", "--unshare-pid",
                    "--unshare-net",
                    "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session",
                    "--clearenv", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
                    "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "--proc", "/proc",
                    "--dev", "/dev", "--size", String.valueOf(SHM_BYTES), "--perms", "1777", "--tmpfs", "/dev/shm",
                    "--size", String.valueOf(TMP_BYTES), "--perms", "1777", "--tmpfs", "/tmp",
                    "--ro-bind", code.toString(), "/sandbox", "--remount-ro", "/dev", "--remount-ro", "/",
                    "--chdir", "/tmp", "--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/tmp",
                    "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "PYTHONIOENCODING", "utf-8",
                    "--json-status-fd", "4"));
            if (filter != null) {
                command.addAll(List.of("--seccomp", "3"));
            }
            command.add("--");
        }
        command.addAll(List.of("/bin/sh", "-c", TIME, "sandbox-time"));
        command.addAll(List.of("prlimit", "--cpu=" + cpuSeconds, "--as=" + settings.memoryBytes(),
                "--fsize=" + FILE_SIZE_BYTES, "--core=0"));
        // inside its user namespace a run's processes are counted apart from the server's; unconfined,
        // only a slot uid of its own keeps the count from including the JVM's threads
        if (confined || root) {
            command.add("--nproc=" + settings.processes());
        }
        command.add("--");
        String base = confined ? "/sandbox" : code.toString();
        // exactly as "python3 solution.py" runs it (site loaded, so exit() and quit() exist; the script's
        // directory first on sys.path), less the user's site directory; the environment is ours alone
        command.addAll(List.of(settings.python(), "-s", base + "/" + request.entry()));
        return command;
    }

    private RunResult execute(List<String> command, Path dir, Path stdin, Path status, Path cpu, Duration timeLimit,
                              int slot) throws IOException {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(stdin.toFile());
        // nothing of the server's environment reaches any process of the run, bubblewrap's own included
        // (its init's /proc/1/environ is readable inside the sandbox)
        builder.environment().clear();
        builder.environment().put("PATH", RUN_PATH);
        Process process = builder.start();
        Capture out = new Capture(process.getInputStream(), settings.outputLimitBytes(), this, process, slot);
        Capture err = new Capture(process.getErrorStream(), settings.outputLimitBytes(), this, process, slot);
        out.start();
        err.start();
        boolean finished;
        try {
            // the backstop for what waits instead of computing, plus a grace for the sandbox and the
            // interpreter to start, which is not the learner's time
            finished = process.waitFor(WALL_CLOCK_FACTOR * timeLimit.toMillis() + settings.startGrace().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process, slot);
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while running", null, e);
        }
        if (!finished) {
            kill(process, slot);
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            out.join(OUTPUT_WAIT_MILLIS);
            err.join(OUTPUT_WAIT_MILLIS);
            if (out.isAlive() || err.isAlive()) {
                // something of the run still holds its output open: it goes, then the rest is read
                kill(process, slot);
                out.join(2000);
                err.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (out.isAlive() || err.isAlive()) {
            // judged on part of its output, a right answer would read as a run that stopped early: the
            // runner's failure, not the learner's (BackendGuard tries the run again)
            throw new TransientBackendException(CodeRunnerCanary.UNAVAILABLE + ": the local sandbox could not read "
                    + "a run's output to its end", null, null);
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        boolean truncated = out.truncated || err.truncated;
        int exit = process.isAlive() ? -1 : process.exitValue();
        if (confined && finished && !truncated && !reportedExit(status)) {
            // bubblewrap reports the exit of the command it ran; without that report the sandbox itself
            // failed (namespaces, mounts, the filter, the cgroup) before any learner code ran
            throw new TransientBackendException(CodeRunnerCanary.UNAVAILABLE + ": the local sandbox failed to start ("
                    + "exit code " + exit + "): " + err.text().strip(), null, null);
        }
        long cpuMs = finished ? cpuMillis(cpu) : -1;
        // the limit is CPU time (a busy machine slows a run's wall clock, not its CPU time); the wall-clock
        // backstop stops what waits; without a report (the run was killed before its parent could
        // write one), the CPU cap's signals after the limit in wall time say the same
        boolean cpuExhausted = cpuMs >= 0 ? cpuMs > timeLimit.toMillis()
                : (exit == 128 + 9 || exit == 128 + 24) && !truncated && durationMs >= timeLimit.toMillis();
        return new RunResult(out.text(), err.text(), exit, !finished || cpuExhausted, truncated, durationMs, cpuMs);
    }

    private static final Pattern TIMES = Pattern.compile("(\\d+)m(\\d+(?:\\.\\d+)?)s\\s+(\\d+)m(\\d+(?:\\.\\d+)?)s");

    /**
     * The CPU milliseconds the timing shell reported (its children's line of {@code times}), or -1. Only
     * the first two lines count: the shell writes them from the start of the file after the program
     * ended, so anything the program managed to write there comes after them. A program that forged
     * the report (through /proc) would still meet the wall-clock backstop.
     */
    static long cpuMillis(Path report) {
        try {
            List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
            if (lines.size() < 2) {
                return -1;
            }
            Matcher children = TIMES.matcher(lines.get(1).strip());
            if (!children.matches()) {
                return -1;
            }
            double seconds = Long.parseLong(children.group(1)) * 60 + Double.parseDouble(children.group(2))
                    + Long.parseLong(children.group(3)) * 60 + Double.parseDouble(children.group(4));
            return Math.round(seconds * 1000);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean reportedExit(Path status) {
        try {
            return Files.readString(status).contains("\"exit-code\"");
        } catch (IOException e) {
            return false;
        }
    }

    private void kill(Process process, int slot) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (cgroups != null) {
            cgroups.slot(slot).killAll(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        if (cgroups != null) {
            cgroups.close();
        }
    }

    /** The cgroup of a slot, null without cgroups. */
    Cgroups.Group cgroupSlot(int slot) {
        return cgroups == null ? null : cgroups.slot(slot);
    }

    /** Reads one stream up to the limit; past it, kills the run (a flood is not worth reading). */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final int limit;
        private final LocalSandbox sandbox;
        private final Process process;
        private final int slot;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Capture(InputStream in, int limit, LocalSandbox sandbox, Process process, int slot) {
            this.in = in;
            this.limit = limit;
            this.sandbox = sandbox;
            this.process = process;
            this.slot = slot;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    int room = limit - bytes.size();
                    if (n > room) {
                        bytes.write(buffer, 0, Math.max(0, room));
                        truncated = true;
                        sandbox.kill(process, slot);
                        return;
                    }
                    bytes.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the process was killed; what was read is what it printed
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    // --- start-up checks ------------------------------------------------------------------------

    /** bubblewrap 0.8.0 (Debian 12) brought --disable-userns; an older one would fail every run. */
    private static void requireUsernsSwitch() {
        String help = output("bwrap", "--help");
        if (!help.contains("--disable-userns")) {
            throw new IllegalStateException("the installed bubblewrap (" + output("bwrap", "--version").strip()
                    + ") cannot disable user namespaces inside the sandbox (--disable-userns): bubblewrap 0.8.0 or "
                    + "newer is needed (Debian 12 ships 0.8.0)");
        }
    }

    private static SeccompFilter seccompFilter(boolean allowUnconfined) {
        try {
            return SeccompFilter.compile();
        } catch (IllegalStateException e) {
            if (!allowUnconfined) {
                throw new IllegalStateException(e.getMessage() + ". The local sandbox will not run untrusted code "
                        + "without its seccomp filter; set pylearn.sandbox.allow-unconfined=true for a trusted machine.",
                        e);
            }
            log.warn("Local sandbox WITHOUT a seccomp filter ({}): allowed by pylearn.sandbox.allow-unconfined",
                    e.getMessage());
            return null;
        }
    }

    /** What the kernel says about user namespaces for unprivileged users, which bubblewrap needs. */
    private String userNamespaceHint() {
        StringBuilder hint = new StringBuilder(". bubblewrap runs as uid ")
                .append(root ? FIRST_UID + "+ (a uid per slot)" : String.valueOf(Cgroups.uid()))
                .append(" and needs unprivileged user namespaces (or a setuid bwrap)");
        for (String sysctl : List.of("user/max_user_namespaces", "kernel/unprivileged_userns_clone",
                "kernel/apparmor_restrict_unprivileged_userns")) {
            Path file = Path.of("/proc/sys", sysctl);
            if (Files.isReadable(file)) {
                try {
                    hint.append("; ").append(sysctl.replace('/', '.')).append(" = ").append(Files.readString(file).strip());
                } catch (IOException e) {
                    // leave it out
                }
            }
        }
        return hint.toString();
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** On the PATH every run gets (bubblewrap, prlimit and setpriv must be in /usr/bin, seen from inside too). */
    private static boolean commandExists(String name) {
        for (String dir : RUN_PATH.split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }
}
