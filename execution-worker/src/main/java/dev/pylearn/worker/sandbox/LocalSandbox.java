package dev.pylearn.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Python in a child process on this machine, confined by bubblewrap: no network, no /etc, no
 * home, only /usr read-only, an empty writable /tmp (size-capped), the run's files read-only in
 * /sandbox, and a cleared environment, so nothing of the server (its variables, its files) is
 * visible. Inside, prlimit caps CPU seconds, address space, file size and processes, and the code
 * runs as an unprivileged uid of its own slot, so a fork bomb exhausts only its slot's process
 * budget. At the wall-time limit, or when the output passes its cap, the whole sandbox (its own
 * pid namespace) is killed.
 *
 * <p>This is for the embedded default and the tests; production should use Piston, whose
 * isolation is stronger (cgroups per job). Without bubblewrap it refuses to start unless told
 * to run unconfined.
 */
public class LocalSandbox implements CodeRunner {

    /** First uid of the slot range; slot n runs as FIRST_UID + n. */
    private static final int FIRST_UID = 61000;

    private final String python;
    private final boolean confined;
    private final boolean root;
    private final long memoryBytes;
    private final int outputLimitBytes;
    private final int processesPerSlot;
    private final BlockingQueue<Integer> slots;
    private final int niceness;

    public LocalSandbox(String python, boolean allowUnconfined, int concurrency, long memoryBytes,
                        int outputLimitBytes) {
        this(python, allowUnconfined, concurrency, memoryBytes, outputLimitBytes, 0);
    }

    /**
     * @param niceness CPU priority of learner code (0 to 19): above 0, sandboxed runs take the CPU
     *                 only when the web tier and the projections leave it, so a wave of submissions
     *                 cannot slow every page down; runs still finish within their wall-clock limits
     *                 because each test needs milliseconds of CPU and the limits are seconds
     */
    public LocalSandbox(String python, boolean allowUnconfined, int concurrency, long memoryBytes,
                        int outputLimitBytes, int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be between 0 and 19, not " + niceness);
        }
        this.niceness = niceness;
        this.python = python;
        this.confined = commandExists("bwrap");
        if (!confined && !allowUnconfined) {
            throw new IllegalStateException("bubblewrap (bwrap) is not installed: the local sandbox will not run "
                    + "untrusted code unconfined. Install it (apt-get install bubblewrap), configure Piston "
                    + "(PYLEARN_PISTON_URL), or set pylearn.sandbox.allow-unconfined=true for a trusted machine.");
        }
        this.root = "root".equals(System.getProperty("user.name"));
        this.memoryBytes = memoryBytes;
        this.outputLimitBytes = outputLimitBytes;
        this.processesPerSlot = 16;
        this.slots = new ArrayBlockingQueue<>(Math.max(1, concurrency));
        for (int slot = 0; slot < Math.max(1, concurrency); slot++) {
            slots.add(slot);
        }
    }

    @Override
    public String describe() {
        return "local sandbox (" + (confined ? "bubblewrap" : "UNCONFINED") + ", " + python + ")";
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
            for (Map.Entry<String, String> file : request.files().entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Path stdin = Files.createTempFile("pylearn-stdin-", ".txt");
            try {
                Files.writeString(stdin, request.stdin() == null ? "" : request.stdin(), StandardCharsets.UTF_8);
                return execute(command(dir, request, slot), stdin, request.timeLimit());
            } finally {
                Files.deleteIfExists(stdin);
            }
        } catch (IOException e) {
            throw new TransientBackendException("the local sandbox could not start: " + e.getMessage(), null, e);
        } finally {
            deleteQuietly(dir);
            slots.add(slot);
        }
    }

    private List<String> command(Path dir, RunRequest request, int slot) {
        // a second more CPU than wall time: a busy loop then meets the wall-clock limit first and is
        // reported as a timeout; the CPU cap still stops code that burns several cores at once
        long cpuSeconds = Math.max(1, (request.timeLimit().toMillis() + 999) / 1000) + 1;
        List<String> command = new ArrayList<>();
        if (niceness > 0) {
            command.addAll(List.of("nice", "-n", String.valueOf(niceness)));
        }
        if (confined) {
            command.addAll(List.of("bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                    "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
                    "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                    "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev",
                    "--size", String.valueOf(16 * 1024 * 1024), "--perms", "1777", "--tmpfs", "/tmp",
                    "--ro-bind", dir.toString(), "/sandbox", "--chdir", "/tmp",
                    "--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/tmp",
                    "--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--setenv", "PYTHONIOENCODING", "utf-8"));
            if (!root) {
                command.add("--unshare-user");
            }
            command.add("--");
        }
        command.addAll(List.of("prlimit", "--cpu=" + cpuSeconds, "--as=" + memoryBytes,
                "--fsize=" + 1024 * 1024, "--core=0"));
        if (root) {
            command.add("--nproc=" + processesPerSlot);
        }
        command.add("--");
        if (root) {
            int uid = FIRST_UID + slot;
            command.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--no-new-privs", "--"));
        }
        String base = confined ? "/sandbox" : dir.toString();
        command.addAll(List.of(python, "-I", "-S", base + "/" + request.entry()));
        return command;
    }

    private RunResult execute(List<String> command, Path stdin, Duration timeLimit) throws IOException {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(stdin.toFile());
        if (!confined) {
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
        }
        Process process = builder.start();
        Capture out = new Capture(process.getInputStream(), outputLimitBytes, process);
        Capture err = new Capture(process.getErrorStream(), outputLimitBytes, process);
        out.start();
        err.start();
        boolean finished;
        try {
            // a little grace for the sandbox and interpreter start, which is not the learner's time
            finished = process.waitFor(timeLimit.toMillis() + 300, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new TransientBackendException("interrupted while running", null, e);
        }
        if (!finished) {
            kill(process);
        }
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            out.join(2000);
            err.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        boolean truncated = out.truncated || err.truncated;
        int exit = process.isAlive() ? -1 : process.exitValue();
        // killed by the CPU cap (SIGKILL or SIGXCPU) after using its time: that is a timeout as well
        boolean cpuExhausted = (exit == 128 + 9 || exit == 128 + 24) && !truncated
                && durationMs >= timeLimit.toMillis();
        return new RunResult(out.text(), err.text(), exit, !finished || cpuExhausted, truncated, durationMs);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads one stream up to the limit; past it, kills the run (a flood is not worth reading). */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final int limit;
        private final Process process;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Capture(InputStream in, int limit, Process process) {
            this.in = in;
            this.limit = limit;
            this.process = process;
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
                        kill(process);
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

    private static boolean commandExists(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
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
