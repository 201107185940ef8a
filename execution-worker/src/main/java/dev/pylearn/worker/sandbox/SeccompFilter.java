package dev.pylearn.worker.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seccomp filter bubblewrap installs in every sandbox ({@code bwrap --seccomp FD}): the system
 * calls learner code never needs (mount, ptrace, keyctl, bpf, perf, namespaces, modules, kexec,
 * io_uring, ... the list and the reasons are in {@code seccomp_filter.py}) fail with EPERM. The BPF
 * program is compiled once at start-up by libseccomp, through Debian's {@code python3-seccomp},
 * rather than assembled by hand here: libseccomp knows each architecture's numbers and ABIs.
 *
 * <p>The program is kept in memory and written into each run's own directory: a file kept in /tmp
 * for the JVM's lifetime would be deleted by a temporary-file cleaner sooner or later.
 */
final class SeccompFilter {

    /** The Debian interpreter that has {@code python3-seccomp}; not the sandbox's configurable python. */
    static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private final byte[] program;
    private final List<String> denied;

    private SeccompFilter(byte[] program, List<String> denied) {
        this.program = program;
        this.denied = denied;
    }

    /** Compiles the filter (in a private directory, removed afterwards); says why when it cannot. */
    static SeccompFilter compile() {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("pylearn-seccomp-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path script = directory.resolve("seccomp_filter.py");
            try (InputStream in = SeccompFilter.class.getResourceAsStream("seccomp_filter.py")) {
                Files.write(script, in.readAllBytes());
            }
            Path file = directory.resolve("filter.bpf");
            Process process = new ProcessBuilder(SYSTEM_PYTHON.toString(), script.toString(), file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || Files.size(file) == 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the seccomp filter could not be compiled"
                        + (output.contains("No module named 'seccomp'")
                                ? ": python3-seccomp is not installed (apt-get install python3-seccomp)"
                                : ": " + output.strip()));
            }
            return new SeccompFilter(Files.readAllBytes(file), output.strip().lines().toList());
        } catch (IOException e) {
            throw new IllegalStateException("the seccomp filter could not be compiled: " + e.getMessage()
                    + (Files.isExecutable(SYSTEM_PYTHON) ? "" : " (" + SYSTEM_PYTHON + " is missing)"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the seccomp filter", e);
        } finally {
            deleteQuietly(directory);
        }
    }

    /** Writes the BPF program to {@code file}, for bubblewrap to read from a file descriptor. */
    Path writeTo(Path file) throws IOException {
        return Files.write(file, program);
    }

    /** The calls it denies, e.g. {@code mount}, {@code clone(CLONE_NEWUSER)}. */
    List<String> denied() {
        return denied;
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            files.forEach(path -> path.toFile().delete());
            Files.deleteIfExists(directory);
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary file is harmless
        }
    }
}
