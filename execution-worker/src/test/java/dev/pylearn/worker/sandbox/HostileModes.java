package dev.pylearn.worker.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@link HostileSuite} in each mode the local sandbox supports: as root (the JVM of this test)
 * with cgroup caps and with rlimits only, and as an unprivileged user (a JVM started with setpriv as
 * uid {@value #USER}) with a cgroup delegated to it and without one. The unprivileged JVM is the
 * server of its mode, as it would be in production: it starts its own sandbox and runs the suite.
 */
final class HostileModes {

    /** What one mode gave: the sandbox's own description, the outcomes, or why it refused to start. */
    record Report(String mode, String sandbox, List<HostileSuite.Outcome> outcomes, String refused) {

        long escaped() {
            return outcomes.stream().filter(o -> !o.contained()).count();
        }

        long unhealthy() {
            return outcomes.stream().filter(o -> !o.healthy()).count();
        }
    }

    /** The unprivileged user of the non-root modes; outside the sandbox's slot uids. */
    static final int USER = 62000;

    private HostileModes() {
    }

    static Report asRoot(SandboxSettings.CgroupPolicy cgroups) {
        requireRoot();
        SandboxSettings settings = HostileSuite.settings(cgroups);
        try (LocalSandbox sandbox = new LocalSandbox(settings)) {
            List<HostileSuite.Outcome> outcomes = new HostileSuite(sandbox, settings).run(outcome -> { });
            return new Report("root, " + (cgroups == SandboxSettings.CgroupPolicy.OFF ? "rlimits only" : "cgroup caps"),
                    sandbox.describe(), outcomes, null);
        }
    }

    /**
     * Starts a JVM as uid {@value #USER} running the suite; with {@code delegated}, inside a cgroup of
     * its own that root made and gave to that user, as systemd's {@code Delegate=yes} would.
     */
    static Report asUnprivilegedUser(boolean delegated, SandboxSettings.CgroupPolicy cgroups) {
        requireRoot();
        String mode = "uid " + USER + ", " + (delegated ? "delegated cgroup" : "no cgroup of its own");
        Path classpath = readableClasspath();
        List<Path> groups = delegated ? delegateCgroup() : List.of();
        try {
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                    "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"", "join"));
            groups.forEach(group -> command.add(group.resolve("cgroup.procs").toString()));
            command.addAll(List.of("--", "setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups", "--",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-Xmx256m",
                    "-Djava.io.tmpdir=/tmp", "-cp", classpath.resolve("*") + ":" + classpath.resolve("classes") + ":"
                            + classpath.resolve("test-classes"),
                    HostileSuite.class.getName(), cgroups.name()));
            // its working directory is the server's own: the suite checks no program can list it
            ProcessBuilder builder = new ProcessBuilder(command).directory(classpath.toFile());
            Map<String, String> env = builder.environment();
            Map<String, String> mine = Map.copyOf(env);
            env.clear();
            env.put("PATH", "/usr/bin:/bin");
            env.put("HOME", "/tmp");
            // a secret of the server's own: the suite checks no program can read it
            env.put("PYLEARN_HOSTILE_SECRET", "secret-" + UUID.randomUUID());
            mine.forEach((name, value) -> {
                if (name.startsWith("PYLEARN_TEST_DATABASE_")) {
                    env.put(name, value);
                }
            });
            Path errors = Files.createTempFile("pylearn-hostile-jvm-", ".log");
            builder.redirectError(errors.toFile());
            Process jvm = builder.start();
            String sandbox = null;
            String refused = null;
            List<HostileSuite.Outcome> outcomes = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("SANDBOX\t")) {
                        sandbox = line.substring(8);
                    } else if (line.startsWith("REFUSED\t")) {
                        refused = line.substring(8);
                    } else if (line.startsWith("OUTCOME\t")) {
                        outcomes.add(HostileSuite.Outcome.parse(line));
                    }
                }
            }
            if (!jvm.waitFor(2, TimeUnit.MINUTES)) {
                jvm.destroyForcibly();
            }
            if (sandbox == null && refused == null) {
                refused = "the unprivileged JVM ended with exit code " + jvm.exitValue() + ": "
                        + Files.readString(errors).strip();
            }
            Files.deleteIfExists(errors);
            return new Report(mode, sandbox, outcomes, refused);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            groups.forEach(HostileModes::removeGroupTree);
            run("rm", "-rf", classpath.toString());
        }
    }

    private static void requireRoot() {
        if (Cgroups.uid() != 0) {
            throw new IllegalStateException("the hostile suite runs as root (as CI does): it starts the sandbox both "
                    + "as root and as an unprivileged user");
        }
    }

    /** This module's classes, PostgreSQL's driver and SLF4J, copied where the unprivileged user can read them. */
    private static Path readableClasspath() {
        try {
            Path dir = Files.createTempDirectory("pylearn-hostile-classpath-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            for (String entry : System.getProperty("java.class.path").split(":")) {
                Path path = Path.of(entry);
                String name = path.getFileName().toString();
                if (entry.endsWith("execution-worker/target/classes")
                        || entry.endsWith("execution-worker/target/test-classes")) {
                    run("cp", "-r", entry, dir.resolve(name).toString());
                } else if (name.startsWith("postgresql-") || name.startsWith("slf4j-api-")) {
                    run("cp", entry, dir.toString());
                }
            }
            run("chmod", "-R", "a+rX", dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A group below this JVM's own in each hierarchy, owned by the unprivileged user. */
    private static List<Path> delegateCgroup() {
        try {
            Cgroups.Group own = Cgroups.own();
            String name = "pylearn-delegated-" + UUID.randomUUID().toString().substring(0, 8);
            if (own.version() == Cgroups.Version.V2) {
                // the delegated group can only offer the controllers its parent hands down
                Files.writeString(own.memoryDir().resolve("cgroup.subtree_control"),
                        own.cpuDir() == null ? "+memory +pids" : "+memory +pids +cpu");
            }
            List<Path> groups = new ArrayList<>();
            for (Path dir : own.dirs()) {
                Path group = Files.createDirectory(dir.resolve(name));
                groups.add(group);
                run("chown", "-R", USER + ":" + USER, group.toString());
            }
            return groups;
        } catch (Cgroups.Unavailable | IOException e) {
            throw new IllegalStateException("cannot delegate a cgroup to uid " + USER + ": " + e.getMessage(), e);
        }
    }

    /** rmdir of a group and whatever groups its user left below it. */
    private static void removeGroupTree(Path group) {
        try (Stream<Path> tree = Files.walk(group)) {
            tree.filter(Files::isDirectory).sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(dir -> {
                for (int attempt = 0; attempt < 50 && Files.exists(dir); attempt++) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException busy) {
                        sleep();
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // already gone
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
