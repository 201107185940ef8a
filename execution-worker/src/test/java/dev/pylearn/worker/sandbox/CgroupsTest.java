package dev.pylearn.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupsTest {

    static final Cgroups.Caps CAPS = new Cgroups.Caps(300L << 20, 18, 1, 600L << 20, 36, 2);

    /** On this machine: real groups below the test JVM's own, with the caps in the kernel's files. */
    @Test
    void makesAParentAndSlotGroupsWithTheirCapsAndRemovesThemOnClose() throws Exception {
        Cgroups.Group own = Cgroups.own();
        Cgroups cgroups = Cgroups.create(2, CAPS);
        Cgroups.Group slot = cgroups.slot(1);
        Path parent = slot.memoryDir().getParent();
        try {
            assertThat(parent.getParent()).isEqualTo(own.memoryDir());
            assertThat(parent.getFileName().toString()).startsWith("pylearn-sandbox-" + ProcessHandle.current().pid());
            if (own.version() == Cgroups.Version.V1) {
                assertThat(read(parent.resolve("memory.limit_in_bytes"))).isEqualTo(String.valueOf(600L << 20));
                assertThat(read(slot.memoryDir().resolve("memory.limit_in_bytes"))).isEqualTo(String.valueOf(300L << 20));
                assertThat(read(slot.pidsDir().resolve("pids.max"))).isEqualTo("18");
                assertThat(read(slot.pidsDir().getParent().resolve("pids.max"))).isEqualTo("36");
                if (slot.cpuDir() != null) {
                    assertThat(read(slot.cpuDir().resolve("cpu.cfs_quota_us"))).isEqualTo("100000");
                    assertThat(read(slot.cpuDir().getParent().resolve("cpu.cfs_quota_us"))).isEqualTo("200000");
                }
            } else {
                assertThat(read(parent.resolve("memory.max"))).isEqualTo(String.valueOf(600L << 20));
                assertThat(read(slot.memoryDir().resolve("memory.max"))).isEqualTo(String.valueOf(300L << 20));
                assertThat(read(slot.pidsDir().resolve("pids.max"))).isEqualTo("18");
            }
            assertThat(slot.procsFiles()).allSatisfy(file -> assertThat(file).exists());
            assertThat(slot.pids()).isEmpty();
        } finally {
            cgroups.close();
        }
        assertThat(slot.dirs()).allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(parent).doesNotExist();
    }

    @Test
    void groupsOfAJvmThatDiedAreRemovedByTheNextOne() throws Exception {
        Cgroups.Group own = Cgroups.own();
        // no process has this pid: the JVM that made these died without closing its sandbox
        List<Path> stale = own.dirs().stream().map(dir -> dir.resolve("pylearn-sandbox-2147483646-1")).toList();
        for (Path dir : stale) {
            Files.createDirectories(dir.resolve("slot-0"));
        }

        Cgroups.create(1, CAPS).close();

        assertThat(stale).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }

    @Test
    void killAllLeavesNothingOfARunAlive() throws Exception {
        try (Cgroups cgroups = Cgroups.create(1, CAPS)) {
            Cgroups.Group slot = cgroups.slot(0);
            StringBuilder join = new StringBuilder();
            for (Path file : slot.procsFiles()) {
                join.append("echo $$ > ").append(file).append("; ");
            }
            // a shell in the group that forks sleepers, detached in a session of their own
            Process shell = new ProcessBuilder("/bin/sh", "-c", join + "setsid sleep 60 & setsid sleep 60 & exec sleep 60")
                    .start();
            long deadline = System.currentTimeMillis() + 5000;
            while (slot.pids().size() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(slot.pids()).hasSize(3);

            assertThat(slot.killAll(Duration.ofSeconds(5))).isTrue();

            assertThat(slot.pids()).isEmpty();
            // gone from the group at its exit; the JVM reaps it a moment later
            assertThat(shell.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * The cgroup v2 layout, on a fake tree: what is written where. These machines mount cgroup v2
     * without controllers (they are bound to v1), so the kernel's side of v2 cannot run here.
     */
    @Test
    void onCgroupV2TheCapsGoToTheV2Files(@TempDir Path root) throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(proc.resolve("mountinfo"),
                "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
        Files.writeString(proc.resolve("cgroup"), "0::/system.slice/pylearn.service\n");
        Path own = Files.createDirectories(root.resolve("sys/fs/cgroup/system.slice/pylearn.service"));
        Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(own.resolve("cgroup.subtree_control"), "");

        Cgroups cgroups = Cgroups.create(root, proc, 2, CAPS);

        Path parent = cgroups.slot(0).memoryDir().getParent();
        assertThat(parent.getParent()).isEqualTo(own);
        assertThat(read(own.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids +cpu");
        assertThat(read(parent.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids +cpu");
        assertThat(read(parent.resolve("memory.max"))).isEqualTo(String.valueOf(600L << 20));
        assertThat(read(parent.resolve("pids.max"))).isEqualTo("36");
        assertThat(read(parent.resolve("cpu.max"))).isEqualTo("200000 100000");
        Path slot = cgroups.slot(1).memoryDir();
        assertThat(read(slot.resolve("memory.max"))).isEqualTo(String.valueOf(300L << 20));
        assertThat(read(slot.resolve("pids.max"))).isEqualTo("18");
        assertThat(read(slot.resolve("cpu.max"))).isEqualTo("100000 100000");
        assertThat(cgroups.slot(1).procsFiles()).containsExactly(slot.resolve("cgroup.procs"));
        assertThat(cgroups.describe()).startsWith("cgroup v2 [" + parent + "]: per run 300 MB, 18 processes, 1 CPU; "
                + "all runs 600 MB, 36 processes, 2 CPU");
    }

    @Test
    void withoutControllersItSaysWhy(@TempDir Path root) throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(proc.resolve("mountinfo"),
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");
        Files.writeString(proc.resolve("cgroup"), "0::/\n");
        Files.createDirectories(root.resolve("sys/fs/cgroup/unified"));
        Files.writeString(root.resolve("sys/fs/cgroup/unified/cgroup.controllers"), "\n");

        assertThatThrownBy(() -> Cgroups.create(root, proc, 1, CAPS)).isInstanceOf(Cgroups.Unavailable.class)
                .hasMessage("cgroup v2 " + root.resolve("sys/fs/cgroup/unified") + " offers no memory and pids "
                        + "controllers (offered: none); no cgroup v1 memory hierarchy is mounted");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }
}
