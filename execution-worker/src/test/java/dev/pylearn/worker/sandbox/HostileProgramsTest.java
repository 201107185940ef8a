package dev.pylearn.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.worker.sandbox.SandboxSettings.CgroupPolicy;
import org.junit.jupiter.api.Test;

/**
 * The hostile-program suite ({@link HostileSuite}: fork, thread and memory bombs, CPU spin, disk
 * fill, output flood, secrets, network, nested user namespaces, mount, ptrace, killing outside,
 * sleeping and lingering processes, denied system calls) in every mode the local sandbox supports.
 * In each, no program may achieve what it must not, and the server must be healthy after each.
 */
class HostileProgramsTest {

    @Test
    void asRootWithCgroupCapsNothingEscapes() {
        HostileModes.Report report = HostileModes.asRoot(CgroupPolicy.REQUIRED);

        assertThat(report.sandbox()).contains("a uid per slot").contains("cgroup v");
        assertContainedAndHealthy(report);
    }

    @Test
    void asRootWithRlimitsOnlyNothingEscapes() {
        HostileModes.Report report = HostileModes.asRoot(CgroupPolicy.OFF);

        assertThat(report.sandbox()).contains("rlimits only");
        assertContainedAndHealthy(report);
    }

    @Test
    void asAnUnprivilegedUserWithADelegatedCgroupNothingEscapes() {
        HostileModes.Report report = HostileModes.asUnprivilegedUser(true, CgroupPolicy.REQUIRED);

        assertThat(report.refused()).as("the unprivileged sandbox refused to start").isNull();
        assertThat(report.sandbox()).contains("uid " + HostileModes.USER).contains("cgroup v");
        assertContainedAndHealthy(report);
    }

    @Test
    void asAnUnprivilegedUserWithoutACgroupItFallsBackToRlimitsAndNothingEscapes() {
        HostileModes.Report report = HostileModes.asUnprivilegedUser(false, CgroupPolicy.AUTO);

        assertThat(report.refused()).as("the unprivileged sandbox refused to start").isNull();
        assertThat(report.sandbox()).contains("uid " + HostileModes.USER).contains("rlimits only, no cgroups")
                .contains("not delegated to uid " + HostileModes.USER);
        assertContainedAndHealthy(report);
    }

    @Test
    void anUnprivilegedUserWithoutACgroupIsRefusedWhenCgroupsAreRequired() {
        HostileModes.Report report = HostileModes.asUnprivilegedUser(false, CgroupPolicy.REQUIRED);

        assertThat(report.refused()).contains("needs cgroups").contains("not delegated to uid " + HostileModes.USER);
        assertThat(report.outcomes()).isEmpty();
    }

    private static void assertContainedAndHealthy(HostileModes.Report report) {
        assertThat(report.refused()).isNull();
        assertThat(report.outcomes()).as("programs tried").hasSize(19);
        assertThat(report.outcomes()).as("escaped in mode " + report.mode())
                .allSatisfy(o -> assertThat(o.contained()).as(o.program() + ": " + o.detail()).isTrue());
        assertThat(report.outcomes()).as("server health in mode " + report.mode())
                .allSatisfy(o -> assertThat(o.unhealthy()).as("after " + o.program()).isNull());
    }
}
