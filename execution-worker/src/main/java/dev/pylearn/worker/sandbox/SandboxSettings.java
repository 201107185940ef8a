package dev.pylearn.worker.sandbox;

/**
 * How the local sandbox runs code: the interpreter, how many runs at once, and each run's caps.
 *
 * @param python           the interpreter run inside the sandbox
 * @param allowUnconfined  run even without bubblewrap or the seccomp filter (trusted machines only)
 * @param concurrency      runs at once (one slot each)
 * @param memoryBytes      memory of one run: its address-space rlimit and, with cgroups, its group's cap
 *                         (plus its /tmp and bubblewrap's own)
 * @param outputLimitBytes stdout and stderr each; past it the run is killed
 * @param niceness         CPU priority of learner code (0 to 19)
 * @param processes        processes and threads of one run
 * @param cgroups          whether runs are capped by cgroups ({@link CgroupPolicy})
 * @param memoryTotalBytes memory of all runs together; 0 for {@code concurrency} times one run's cap
 * @param cpus             cores all runs together may use; 0 for every core of the machine
 * @param startGrace       wall-clock time a run gets beyond its backstop (twice its test's limit, which is CPU
 *                         time), for bubblewrap and the interpreter to start; more on a saturated machine
 */
public record SandboxSettings(String python, boolean allowUnconfined, int concurrency, long memoryBytes,
                              int outputLimitBytes, int niceness, int processes, CgroupPolicy cgroups,
                              long memoryTotalBytes, double cpus, java.time.Duration startGrace) {

    /** Whether runs get cgroup caps. */
    public enum CgroupPolicy {
        /** cgroups where this machine and user have them, else rlimits alone (logged at start-up) */
        AUTO,
        /** refuse to start without cgroups */
        REQUIRED,
        /** rlimits alone */
        OFF
    }

    public SandboxSettings {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be between 0 and 19, not " + niceness);
        }
        if (concurrency < 1 || processes < 1 || memoryBytes < 1 || outputLimitBytes < 1) {
            throw new IllegalArgumentException("concurrency, processes, memory and output limit must be positive");
        }
        if (startGrace == null || startGrace.isNegative()) {
            throw new IllegalArgumentException("the start grace cannot be negative");
        }
        if (memoryTotalBytes < 0 || cpus < 0) {
            throw new IllegalArgumentException("total memory and CPUs cannot be negative");
        }
    }

    /** What a run gets beyond its limit unless configured: bubblewrap and the interpreter start in well under it. */
    public static final java.time.Duration DEFAULT_START_GRACE = java.time.Duration.ofMillis(300);

    /** 16 processes, cgroups where available, totals from the concurrency and the machine, the default grace. */
    public static SandboxSettings of(String python, boolean allowUnconfined, int concurrency, long memoryBytes,
                                     int outputLimitBytes, int niceness) {
        return new SandboxSettings(python, allowUnconfined, concurrency, memoryBytes, outputLimitBytes, niceness, 16,
                CgroupPolicy.AUTO, 0, 0, DEFAULT_START_GRACE);
    }

    public SandboxSettings withCgroups(CgroupPolicy policy) {
        return new SandboxSettings(python, allowUnconfined, concurrency, memoryBytes, outputLimitBytes, niceness,
                processes, policy, memoryTotalBytes, cpus, startGrace);
    }
}
