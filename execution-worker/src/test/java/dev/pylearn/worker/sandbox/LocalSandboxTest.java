package dev.pylearn.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.worker.evaluation.BackendGuard;
import dev.pylearn.worker.evaluation.Evaluator;
import dev.pylearn.worker.evaluation.Verdict;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Hostile programs against the real sandbox (bubblewrap, prlimit, python3). Each must end as a
 * normal result, leave nothing running, and learn nothing about the server.
 */
class LocalSandboxTest {

    final LocalSandbox sandbox = new LocalSandbox("/usr/bin/python3", false, 4, 256L * 1024 * 1024, 64 * 1024);

    RunResult run(String code, Duration limit) {
        return sandbox.run(new RunRequest(Map.of("main.py", code), "main.py", "", limit));
    }

    @Test
    void runsPlainPythonWithStdin() {
        RunResult result = sandbox.run(new RunRequest(Map.of("main.py", "print(int(input()) * 2)"), "main.py", "21\n",
                Duration.ofSeconds(2)));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("42\n");
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void aProgramRunsAsPython3WouldRunIt() {
        // exit() and quit() come from the site module; the script's own directory is importable
        RunResult result = sandbox.run(new RunRequest(Map.of("main.py", "import helper\nprint(helper.X)\nexit()\n"
                + "print('not reached')\n", "helper.py", "X = 'from the same folder'\n"), "main.py", "",
                Duration.ofSeconds(2)));
        assertThat(result.stderr()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("from the same folder\n");
    }

    @Test
    void learnerCodeRunsAtTheConfiguredLowerCpuPriority() {
        LocalSandbox polite = new LocalSandbox("/usr/bin/python3", false, 1, 256L * 1024 * 1024, 64 * 1024, 10);
        RunResult result = polite.run(new RunRequest(Map.of("main.py", "import os\nprint(os.nice(0))"), "main.py", "",
                Duration.ofSeconds(2)));
        assertThat(result.stdout()).isEqualTo("10\n");
        assertThat(run("import os\nprint(os.nice(0))", Duration.ofSeconds(2)).stdout()).isEqualTo("0\n");
    }

    @Test
    void infiniteLoopIsKilledAtTheTimeLimit() {
        RunResult result = run("while True:\n    pass\n", Duration.ofSeconds(1));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.durationMs()).isLessThan(5_000);
        assertThat(result.cpuMs()).as("judged on its CPU time").isGreaterThan(1_000);
    }

    @Test
    void theLimitIsCpuTimeSoWaitingUpToTwiceItIsNoTimeout() {
        // a busy machine stretches a run's wall clock, not its CPU time: waiting 1.3 s (as a run kept
        // off the CPU would) under a 1 s limit is not over it (the backstop, twice the limit plus the
        // start grace, is made long here so that a busy machine running this test cannot reach it)
        RunResult waited;
        try (LocalSandbox patient = new LocalSandbox(new SandboxSettings("/usr/bin/python3", false, 1, 256L << 20,
                64 * 1024, 0, 16, SandboxSettings.CgroupPolicy.AUTO, 0, 0, Duration.ofSeconds(5)))) {
            waited = patient.run(new RunRequest(Map.of("main.py", "import time\ntime.sleep(1.3)\nprint('done')\n"),
                    "main.py", "", Duration.ofSeconds(1)));
        }
        assertThat(waited.timedOut()).isFalse();
        assertThat(waited.stdout()).isEqualTo("done\n");
        assertThat(waited.durationMs()).isGreaterThanOrEqualTo(1_300);
        assertThat(waited.cpuMs()).isBetween(0L, 1_000L);
        assertThat(waited.judgedMs()).isEqualTo(waited.cpuMs());

        // the CPU time of every process of the run counts, a child's too
        String spin = """
                import os
                def spin():
                    x = 0
                    for i in range(10_000_000):
                        x += i
                """;
        // the child does the work and the parent only waits: counted, the run costs about one spin; not
        // counted, next to nothing. (The parent spinning too and the run asked for twice one spin's CPU time
        // failed once on a box whose CPU time per spin varied by a third between two runs.)
        RunResult computed = run(spin + """
                pid = os.fork()
                if pid == 0:
                    spin()
                    os._exit(0)
                os.waitpid(pid, 0)
                """, Duration.ofSeconds(5));
        RunResult alone = run(spin + "spin()\n", Duration.ofSeconds(5));
        assertThat(computed.exitCode()).isZero();
        assertThat(computed.cpuMs()).as("a child's work against one spin's (%d ms)", alone.cpuMs())
                .isGreaterThan(alone.cpuMs() / 2);
    }

    @Test
    void aLearnerReadsWhichLimitTheirCodeMet() {
        Bucket bucket = Bucket.builder().addLimit(Bandwidth.builder().capacity(100)
                .refillGreedy(100, Duration.ofSeconds(1)).build()).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        // a backstop of 2 x 1 s + 5 s: the busy loop meets its CPU cap (2 s of CPU) first however busy the
        // machine running this test is, and the sleeper meets the backstop
        try (LocalSandbox patient = new LocalSandbox(new SandboxSettings("/usr/bin/python3", false, 2, 256L << 20,
                64 * 1024, 0, 16, SandboxSettings.CgroupPolicy.AUTO, 0, 0, Duration.ofSeconds(5)))) {
            Evaluator evaluator = new Evaluator(new BackendGuard(patient, bucket.asBlocking(), 2, Duration.ofMillis(10),
                    Duration.ofMillis(20), new SimpleMeterRegistry()), pool);
            Verdict spinning = evaluator.evaluate(new SubmissionRequested("s", "l", "c", "t", "while True:\n    pass\n",
                    ChallengeStyle.IO, 1000, List.of(ChallengeTest.io("one", false, "", "1\n")), 1, Instant.now()));
            assertThat(spinning.tests()).singleElement().satisfies(test -> {
                assertThat(test.status()).isEqualTo("timeout");
                assertThat(test.message()).isEqualTo("Used more than the 1000 ms of CPU time a test may take.");
                assertThat(test.durationMs()).as("the CPU time shown").isGreaterThan(1000);
            });
            Verdict waiting = evaluator.evaluate(new SubmissionRequested("s", "l", "c", "t", "import time\ntime.sleep(30)\n",
                    ChallengeStyle.IO, 1000, List.of(ChallengeTest.io("one", false, "", "1\n")), 1, Instant.now()));
            assertThat(waiting.tests()).singleElement().satisfies(test -> {
                assertThat(test.status()).isEqualTo("timeout");
                assertThat(test.message()).isEqualTo("Took longer than 1000 ms.");
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCpuReportIsTheTimingShellsChildrenLine() throws Exception {
        java.nio.file.Path report = java.nio.file.Files.createTempFile("cpu", ".txt");
        try {
            java.nio.file.Files.writeString(report, "0m0.000000s 0m0.000000s\n1m2.500000s 0m0.250000s\n");
            assertThat(LocalSandbox.cpuMillis(report)).isEqualTo(62_750);
            java.nio.file.Files.writeString(report, "0m0.001s 0m0.000s\n0m0.350s 0m0.020s\n0m99.0s 0m0.0s\n");
            assertThat(LocalSandbox.cpuMillis(report)).as("bash's format, the first two lines only").isEqualTo(370);
            java.nio.file.Files.writeString(report, "0m0.000000s 0m0.000000s\n");
            assertThat(LocalSandbox.cpuMillis(report)).isEqualTo(-1);
        } finally {
            java.nio.file.Files.delete(report);
        }
        assertThat(LocalSandbox.cpuMillis(report)).as("no report").isEqualTo(-1);
    }

    @Test
    void sleepingPastTheLimitIsATimeoutAndItsChildrenDieWithIt() {
        RunResult result = run("""
                import subprocess, time
                subprocess.Popen(["/usr/bin/python3", "-c", "import time; time.sleep(60)"])
                time.sleep(30)
                """, Duration.ofSeconds(1));
        assertThat(result.timedOut()).isTrue();
        assertThat(leftovers("time.sleep(60)")).isZero();
    }

    @Test
    void forkBombIsContained() {
        RunResult result = run("""
                import os
                children = 0
                try:
                    while True:
                        os.fork()
                        children += 1
                except OSError as e:
                    print("refused after", children)
                """, Duration.ofSeconds(2));
        assertThat(result.stdout()).contains("refused after");
        assertThat(leftovers("/sandbox/main.py")).isZero();
        // the server can still start processes
        assertThat(run("print('still fine')", Duration.ofSeconds(2)).stdout()).isEqualTo("still fine\n");
    }

    @Test
    void memoryBombFailsInsideTheSandbox() {
        RunResult result = run("x = bytearray(2 * 1024 ** 3)\nprint('allocated')", Duration.ofSeconds(2));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("MemoryError");
        assertThat(result.stdout()).doesNotContain("allocated");
    }

    @Test
    void hundredMegabytesOfOutputAreCutOff() {
        RunResult result = run("import sys\nchunk = 'x' * 1024 * 1024\nfor _ in range(100):\n    sys.stdout.write(chunk)\n",
                Duration.ofSeconds(5));
        assertThat(result.outputTruncated()).isTrue();
        assertThat(result.stdout().length()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void thereIsNoNetwork() {
        RunResult result = run("""
                import socket
                try:
                    socket.create_connection(("127.0.0.1", 5432), timeout=1)
                    print("connected")
                except OSError as e:
                    print("refused", e.errno)
                """, Duration.ofSeconds(3));
        assertThat(result.stdout()).startsWith("refused").doesNotContain("connected");
    }

    @Test
    void serverEnvironmentAndFilesAreInvisible() {
        RunResult result = run("""
                import os
                print(sorted(os.environ))
                print(os.path.exists("/etc/passwd"), os.path.exists("/root"), os.path.exists("/work"))
                print(os.getuid() != 0)
                """, Duration.ofSeconds(2));
        assertThat(result.exitCode()).isZero();
        String[] lines = result.stdout().split("\n");
        // only what the sandbox sets itself; none of the server's variables (database URL, secrets)
        assertThat(lines[0]).isEqualTo(
                "['HOME', 'LC_CTYPE', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONIOENCODING']");
        assertThat(lines[1]).isEqualTo("False False False");
        assertThat(lines[2]).isEqualTo("True");
    }

    @Test
    void writesAreLimitedToASmallTemporaryDirectory() {
        RunResult result = run("""
                open("/tmp/small.txt", "w").write("ok")
                print(open("/tmp/small.txt").read())
                try:
                    open("/tmp/big.bin", "wb").write(b"x" * 5 * 1024 * 1024)
                    print("wrote big")
                except OSError as e:
                    print("refused", type(e).__name__)
                try:
                    open("/sandbox/main.py", "w").write("changed")
                    print("changed own code")
                except OSError:
                    print("code is read-only")
                """, Duration.ofSeconds(3));
        assertThat(result.stdout()).isEqualTo("ok\nrefused OSError\ncode is read-only\n");
    }

    @Test
    void refusesToStartAndSaysWhyWhenItCannotRunCode() {
        assertThatThrownBy(() -> new LocalSandbox("/usr/bin/python3-missing", false, 1, 256L << 20, 64 * 1024))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the local sandbox does not work on this machine: the code runner is unavailable")
                .hasMessageContaining("python3-missing");
    }

    @Test
    void aSandboxThatBreaksAfterStartIsTheRunnersFaultNeverTheLearnersCode() {
        SandboxSettings settings = SandboxSettings.of("/usr/bin/python3", false, 1, 256L << 20, 64 * 1024, 0)
                .withCgroups(SandboxSettings.CgroupPolicy.REQUIRED);
        try (LocalSandbox broken = new LocalSandbox(settings)) {
            // someone removes the sandbox's cgroup under its feet
            broken.cgroupSlot(0).remove();

            assertThatThrownBy(() -> broken.run(new RunRequest(Map.of("main.py", "print(1)"), "main.py", "",
                    Duration.ofSeconds(2)))).isInstanceOf(TransientBackendException.class)
                    .hasMessageStartingWith("the code runner is unavailable: the local sandbox failed to start");

            Bucket bucket = Bucket.builder().addLimit(Bandwidth.builder().capacity(100)
                    .refillGreedy(100, Duration.ofSeconds(1)).build()).build();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Evaluator evaluator = new Evaluator(new BackendGuard(broken, bucket.asBlocking(), 2, Duration.ofMillis(10),
                        Duration.ofMillis(20), new SimpleMeterRegistry()), pool);
                Verdict verdict = evaluator.evaluate(new SubmissionRequested("s", "l", "c", "t", "print(1)",
                        ChallengeStyle.IO, 1000, List.of(ChallengeTest.io("one", false, "", "1\n")), 1,
                        Instant.now()));

                assertThat(verdict.status()).isEqualTo("error");
                assertThat(verdict.message()).startsWith("The code runner is unavailable")
                        .doesNotContain("compiled");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Processes still alive whose command line contains the fragment, once the kill has had time to land. */
    private static long leftovers(String commandFragment) {
        long deadline = System.currentTimeMillis() + 3000;
        long count = count(commandFragment);
        while (count > 0 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
            count = count(commandFragment);
        }
        return count;
    }

    private static long count(String commandFragment) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(commandFragment))
                        .orElse(false))
                .count();
    }
}
