package dev.pylearn.worker.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The control groups that cap the local sandbox. One parent group holds every run of a sandbox: its
 * memory, process and CPU caps bound the sum over all runs in flight, so learner code cannot take
 * memory or threads from the JVM or PostgreSQL. Below it, one group per slot caps one run for its
 * whole life, every process it forks included (an rlimit caps one process at a time).
 *
 * <p>The groups are made below this JVM's own cgroup, which is where a delegated subtree is (systemd's
 * {@code Delegate=yes}, a container's cgroup namespace) and where the kernel lets a non-root user write.
 * cgroup v2 is used when the JVM's cgroup offers the memory and pids controllers; on a hybrid machine
 * whose v2 tree has no controllers (they are bound to v1 hierarchies, as on the machines this was
 * built on) the v1 memory, pids and cpu hierarchies are used; the file names differ, the caps do not.
 * Without either, {@link #create} says why and the sandbox falls back to rlimits.
 *
 * <p>The parent group keeps the default CPU weight: all runs together compete for the CPU like one
 * ordinary process, and {@code nice} orders them among themselves. (A low weight starved every run on
 * a busy machine.) Groups left by a JVM that died without closing its sandbox are removed by the next one.
 */
final class Cgroups implements AutoCloseable {

    enum Version { V1, V2 }

    /** Caps per run and for all runs together. {@code cpus} are whole or fractional cores. */
    record Caps(long runMemory, int runProcesses, double runCpus, long totalMemory, int totalProcesses,
                double totalCpus) {
    }

    /** Why this machine or this user cannot have the groups. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    private static final Path PROC_SELF = Path.of("/proc/self");
    private static final String PREFIX = "pylearn-sandbox-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+");
    private static final long CPU_PERIOD_US = 100_000;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<Cgroups> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(Cgroups::close),
                "sandbox-cgroups-cleanup"));
    }

    private final Version version;
    private final Group parent;
    private final List<Group> slots;
    private final Caps caps;

    private Cgroups(Version version, Group parent, List<Group> slots, Caps caps) {
        this.version = version;
        this.parent = parent;
        this.slots = slots;
        this.caps = caps;
    }

    /** Makes the parent group and one group per slot below this JVM's cgroup, or says why it cannot. */
    static Cgroups create(int slotCount, Caps caps) throws Unavailable {
        return create(Path.of("/"), PROC_SELF, slotCount, caps);
    }

    /** {@code root} prefixes every mount point read from {@code procSelf}; tests point both at a fake tree. */
    static Cgroups create(Path root, Path procSelf, int slotCount, Caps caps) throws Unavailable {
        Group own = own(root, procSelf);
        return own.version() == Version.V2 ? createV2(own, slotCount, caps) : createV1(own, slotCount, caps);
    }

    /**
     * This process's own groups: the v2 group when it offers the memory and pids controllers, else its
     * groups in the v1 memory, pids and (if mounted) cpu hierarchies; or why there are none.
     */
    static Group own() throws Unavailable {
        return own(Path.of("/"), PROC_SELF);
    }

    private static Group own(Path root, Path procSelf) throws Unavailable {
        List<Mount> mounts = mounts(root, procSelf);
        Map<String, String> memberships = memberships(procSelf);
        String v2Reason;
        try {
            return ownV2(mounts, memberships);
        } catch (Unavailable e) {
            v2Reason = e.getMessage();
        }
        try {
            Path memory = v1Dir(mounts, memberships, "memory", true);
            Path pids = v1Dir(mounts, memberships, "pids", true);
            return new Group(Version.V1, memory, pids, v1Dir(mounts, memberships, "cpu", false));
        } catch (Unavailable e) {
            throw new Unavailable(v2Reason + "; " + e.getMessage());
        }
    }

    Group slot(int slot) {
        return slots.get(slot);
    }

    /** For the start-up report: where the groups are and what they cap. */
    String describe() {
        return "cgroup " + (version == Version.V2 ? "v2" : "v1") + " " + parent.dirs() + ": per run "
                + mb(caps.runMemory()) + ", " + caps.runProcesses() + " processes, " + cpus(caps.runCpus())
                + " CPU; all runs " + mb(caps.totalMemory()) + ", " + caps.totalProcesses() + " processes, "
                + cpus(caps.totalCpus()) + " CPU" + (parent.cpuDir() == null ? " (no cpu controller: CPU capped by "
                + "rlimits and the wall-clock limit only)" : "");
    }

    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        for (Group slot : slots) {
            slot.killAll(Duration.ofSeconds(2));
            slot.remove();
        }
        parent.remove();
    }

    // --- one group ------------------------------------------------------------------------------

    /**
     * One group: a directory per hierarchy in v1 (memory, pids and, if mounted, cpu), the same directory
     * for all three in v2.
     */
    record Group(Version version, Path memoryDir, Path pidsDir, Path cpuDir) {

        /** The distinct directories, in creation order. */
        Set<Path> dirs() {
            Set<Path> dirs = new LinkedHashSet<>();
            dirs.add(memoryDir);
            dirs.add(pidsDir);
            if (cpuDir != null) {
                dirs.add(cpuDir);
            }
            return dirs;
        }

        /** The files a process writes its pid to, to move itself into the group. */
        List<Path> procsFiles() {
            return dirs().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
        }

        /** The processes in the group now. */
        List<Long> pids() {
            List<Long> pids = new ArrayList<>();
            for (Path dir : dirs()) {
                try {
                    for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                        if (!line.isBlank() && !pids.contains(Long.parseLong(line.trim()))) {
                            pids.add(Long.parseLong(line.trim()));
                        }
                    }
                } catch (IOException e) {
                    // the group is gone, so nothing is in it
                }
            }
            return pids;
        }

        /**
         * Kills everything in the group and waits until it is empty: nothing a run started outlives it.
         * v2 has {@code cgroup.kill}; in v1 each process is killed in turn until none is left.
         */
        boolean killAll(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            Path kill = memoryDir.resolve("cgroup.kill");
            boolean killFile = version == Version.V2 && Files.exists(kill);
            List<Long> left = pids();
            while (!left.isEmpty()) {
                if (killFile) {
                    writeQuietly(kill, "1");
                } else {
                    left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(5);
                left = pids();
            }
            return true;
        }

        void remove() {
            for (Path dir : dirs()) {
                removeQuietly(dir);
            }
        }
    }

    // --- cgroup v2 ------------------------------------------------------------------------------

    private static Group ownV2(List<Mount> mounts, Map<String, String> memberships) throws Unavailable {
        String own = memberships.get("");
        Optional<Mount> mount = mounts.stream().filter(m -> m.type().equals("cgroup2")).findFirst();
        if (own == null || mount.isEmpty()) {
            throw new Unavailable("no cgroup v2 tree is mounted");
        }
        Path dir = mount.get().resolve(own)
                .orElseThrow(() -> new Unavailable("this process's cgroup v2 " + own + " is outside the mounted tree"));
        Set<String> available = new HashSet<>(List.of(read(dir.resolve("cgroup.controllers")).split("\\s+")));
        if (!available.contains("memory") || !available.contains("pids")) {
            throw new Unavailable("cgroup v2 " + dir + " offers no memory and pids controllers (offered: "
                    + (available.contains("") && available.size() == 1 ? "none" : String.join(" ", available)) + ")");
        }
        return new Group(Version.V2, dir, dir, available.contains("cpu") ? dir : null);
    }

    private static Cgroups createV2(Group own, int slotCount, Caps caps) throws Unavailable {
        Path dir = own.memoryDir();
        if (!Files.isWritable(dir.resolve("cgroup.subtree_control"))) {
            throw new Unavailable("cgroup v2 " + dir + " is not delegated to uid " + uid() + " (run PyLearn as a "
                    + "systemd service with Delegate=yes; in a container, give it a writable cgroup of its own)");
        }
        boolean cpu = own.cpuDir() != null;
        String controllers = cpu ? "+memory +pids +cpu" : "+memory +pids";
        enableBelow(dir, controllers);
        removeStale(List.of(dir));
        Path parentDir = dir.resolve(PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
        Group parent = new Group(Version.V2, parentDir, parentDir, cpu ? parentDir : null);
        List<Group> slots = new ArrayList<>();
        Cgroups cgroups = new Cgroups(Version.V2, parent, slots, caps);
        OPEN.add(cgroups);
        try {
            mkdir(parentDir);
            limitV2(parent, caps.totalMemory(), caps.totalProcesses(), caps.totalCpus());
            write(parentDir.resolve("cgroup.subtree_control"), controllers);
            for (int slot = 0; slot < slotCount; slot++) {
                Path slotDir = parentDir.resolve("slot-" + slot);
                mkdir(slotDir);
                Group group = new Group(Version.V2, slotDir, slotDir, cpu ? slotDir : null);
                slots.add(group);
                limitV2(group, caps.runMemory(), caps.runProcesses(), caps.runCpus());
            }
        } catch (Unavailable e) {
            cgroups.close();
            throw e;
        }
        return cgroups;
    }

    /**
     * Lets the children of {@code dir} use the controllers. A v2 group with processes of its own cannot
     * hand controllers to children (the "no internal processes" rule), unless it is the root: the JVM
     * and its child processes then move into a leaf of their own, as systemd asks of a delegated service.
     */
    private static void enableBelow(Path dir, String controllers) throws Unavailable {
        Path control = dir.resolve("cgroup.subtree_control");
        try {
            Files.writeString(control, controllers);
            return;
        } catch (IOException busy) {
            // processes in the group: move ours to a leaf and try again
        }
        Path leaf = dir.resolve("pylearn-jvm");
        mkdir(leaf);
        try {
            Files.writeString(leaf.resolve("cgroup.procs"), String.valueOf(ProcessHandle.current().pid()));
            ProcessHandle.current().descendants().forEach(child ->
                    writeQuietly(leaf.resolve("cgroup.procs"), String.valueOf(child.pid())));
            Files.writeString(control, controllers);
        } catch (IOException e) {
            throw new Unavailable("cgroup v2 " + dir + " holds processes other than this JVM's, so it cannot "
                    + "hand its memory and pids controllers to a sandbox group (" + e.getMessage() + "); give "
                    + "PyLearn a cgroup of its own");
        }
    }

    private static void limitV2(Group group, long memory, int processes, double cpus) throws Unavailable {
        Path dir = group.memoryDir();
        write(dir.resolve("memory.max"), String.valueOf(memory));
        if (Files.exists(dir.resolve("memory.swap.max"))) {
            write(dir.resolve("memory.swap.max"), "0");
        }
        write(dir.resolve("pids.max"), String.valueOf(processes));
        if (group.cpuDir() != null) {
            write(dir.resolve("cpu.max"), Math.round(cpus * CPU_PERIOD_US) + " " + CPU_PERIOD_US);
        }
    }

    // --- cgroup v1 ------------------------------------------------------------------------------

    private static Cgroups createV1(Group own, int slotCount, Caps caps) throws Unavailable {
        for (Path dir : own.dirs()) {
            if (!Files.isWritable(dir)) {
                throw new Unavailable("cgroup v1 " + dir + " is not delegated to uid " + uid() + " (its owner must "
                        + "give the JVM's cgroup in the memory, pids and cpu hierarchies to that user, writable)");
            }
        }
        removeStale(List.copyOf(own.dirs()));
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Group parent = new Group(Version.V1, own.memoryDir().resolve(name), own.pidsDir().resolve(name),
                own.cpuDir() == null ? null : own.cpuDir().resolve(name));
        List<Group> slots = new ArrayList<>();
        Cgroups cgroups = new Cgroups(Version.V1, parent, slots, caps);
        OPEN.add(cgroups);
        try {
            for (Path dir : parent.dirs()) {
                mkdir(dir);
            }
            limitV1(parent, caps.totalMemory(), caps.totalProcesses(), caps.totalCpus());
            for (int slot = 0; slot < slotCount; slot++) {
                String slotName = "slot-" + slot;
                Group group = new Group(Version.V1, parent.memoryDir().resolve(slotName),
                        parent.pidsDir().resolve(slotName), parent.cpuDir() == null ? null : parent.cpuDir().resolve(slotName));
                for (Path dir : group.dirs()) {
                    mkdir(dir);
                }
                slots.add(group);
                limitV1(group, caps.runMemory(), caps.runProcesses(), caps.runCpus());
            }
        } catch (Unavailable e) {
            cgroups.close();
            throw e;
        }
        return cgroups;
    }

    private static Path v1Dir(List<Mount> mounts, Map<String, String> memberships, String controller,
                              boolean required) throws Unavailable {
        Optional<Mount> mount = mounts.stream()
                .filter(m -> m.type().equals("cgroup") && m.options().contains(controller)).findFirst();
        String own = memberships.entrySet().stream()
                .filter(e -> List.of(e.getKey().split(",")).contains(controller))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (mount.isEmpty() || own == null) {
            if (required) {
                throw new Unavailable("no cgroup v1 " + controller + " hierarchy is mounted");
            }
            return null;
        }
        return mount.get().resolve(own).orElseThrow(() -> new Unavailable(
                "this process's cgroup v1 " + controller + " group " + own + " is outside the mounted hierarchy"));
    }

    private static void limitV1(Group group, long memory, int processes, double cpus) throws Unavailable {
        write(group.memoryDir().resolve("memory.limit_in_bytes"), String.valueOf(memory));
        // with swap accounting, memory + swap gets the same cap: a run may not swap its way past it
        if (Files.exists(group.memoryDir().resolve("memory.memsw.limit_in_bytes"))) {
            write(group.memoryDir().resolve("memory.memsw.limit_in_bytes"), String.valueOf(memory));
        }
        write(group.pidsDir().resolve("pids.max"), String.valueOf(processes));
        if (group.cpuDir() != null) {
            write(group.cpuDir().resolve("cpu.cfs_period_us"), String.valueOf(CPU_PERIOD_US));
            write(group.cpuDir().resolve("cpu.cfs_quota_us"), String.valueOf(Math.round(cpus * CPU_PERIOD_US)));
        }
    }

    // --- where this process is ------------------------------------------------------------------

    /** A cgroup file system mount: type cgroup or cgroup2, its super options (v1 controllers), its root. */
    private record Mount(String type, Set<String> options, String root, Path mountPoint) {

        /** The directory of the group at {@code path} (as /proc/self/cgroup names it) under this mount. */
        Optional<Path> resolve(String path) {
            String relative;
            if (root.equals("/")) {
                relative = path;
            } else if (path.equals(root) || path.startsWith(root + "/")) {
                relative = path.substring(root.length());
            } else {
                return Optional.empty();
            }
            relative = relative.replaceFirst("^/+", "");
            return Optional.of(relative.isEmpty() ? mountPoint : mountPoint.resolve(relative));
        }
    }

    private static List<Mount> mounts(Path root, Path procSelf) throws Unavailable {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines(procSelf.resolve("mountinfo"))) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] left = line.substring(0, separator).split(" ");
            String[] right = line.substring(separator + 3).split(" ");
            if (left.length < 5 || right.length < 3 || !right[0].startsWith("cgroup")) {
                continue;
            }
            mounts.add(new Mount(right[0], new HashSet<>(List.of(right[2].split(","))), unescape(left[3]),
                    root.resolve(unescape(left[4]).replaceFirst("^/+", ""))));
        }
        return mounts;
    }

    /** Controllers (comma-separated; empty for v2) to this process's group path, from /proc/self/cgroup. */
    private static Map<String, String> memberships(Path procSelf) throws Unavailable {
        Map<String, String> memberships = new LinkedHashMap<>();
        for (String line : lines(procSelf.resolve("cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3) {
                memberships.put(parts[1], parts[2]);
            }
        }
        return memberships;
    }

    /** Removes groups of JVMs that are gone (a kill -9 leaves them behind). */
    private static void removeStale(List<Path> dirs) {
        for (Path dir : dirs) {
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(Files::isDirectory).forEach(child -> {
                    Matcher ours = OURS.matcher(child.getFileName().toString());
                    if (ours.matches() && ProcessHandle.of(Long.parseLong(ours.group(1))).isEmpty()) {
                        try (Stream<Path> slots = Files.list(child)) {
                            slots.filter(Files::isDirectory).forEach(Cgroups::removeQuietly);
                        } catch (IOException | UncheckedIOException e) {
                            // not ours to worry about
                        }
                        removeQuietly(child);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // nothing to sweep
            }
        }
    }

    // --- small helpers --------------------------------------------------------------------------

    private static List<String> lines(Path file) throws Unavailable {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Unavailable("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String read(Path file) throws Unavailable {
        return String.join(" ", lines(file)).trim();
    }

    private static void write(Path file, String value) throws Unavailable {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new Unavailable("cannot write " + value + " to " + file + ": " + e.getMessage());
        }
    }

    private static void writeQuietly(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            // the process or the group is already gone
        }
    }

    private static void mkdir(Path dir) throws Unavailable {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Unavailable("cannot create the cgroup " + dir + ": " + e.getMessage());
        }
    }

    /** rmdir of a group (its files are the kernel's, not removable one by one). */
    private static void removeQuietly(Path dir) {
        for (int attempt = 0; attempt < 20 && Files.exists(dir); attempt++) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // busy for a moment after its last process exited
                sleep(10);
            }
        }
    }

    private static String unescape(String field) {
        // mountinfo escapes space, tab, newline and backslash as octal
        Matcher octal = Pattern.compile("\\\\([0-7]{3})").matcher(field);
        StringBuilder out = new StringBuilder();
        while (octal.find()) {
            octal.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(octal.group(1), 8))));
        }
        return octal.appendTail(out).toString();
    }

    /** This process's user id, from /proc. */
    static long uid() {
        try {
            return ((Number) Files.getAttribute(PROC_SELF, "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static String mb(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    private static String cpus(double cpus) {
        return cpus == Math.rint(cpus) ? String.valueOf((long) cpus) : String.valueOf(cpus);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
