package dev.pylearn.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.PlatformTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code java -jar pylearn.jar projections ...} against a running node. */
class ProjectionsCliTest extends PlatformTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        output.reset();
        return ProjectionsCli.run(args, env, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private Map<String, String> env() {
        return Map.of("PYLEARN_URL", "http://localhost:" + port, "PYLEARN_ADMIN_PASSWORD", ADMIN_PASSWORD);
    }

    @Test
    void listsProjectionsAndReplaysOneWaitingForTheEnd() {
        assertThat(run(env(), "projections", "list")).isZero();
        assertThat(printed()).contains("PROJECTION", "learner-dashboard", "achievement-stats", "execution-worker");

        assertThat(run(env(), "projections", "replay", "achievement-stats", "--wait")).as(printed()).isZero();
        assertThat(printed()).contains("replay of achievement-stats finished");

        assertThat(run(env(), "projections", "status", "achievement-stats")).isZero();
        assertThat(printed()).contains("\"name\" : \"achievement-stats\"");
        assertThat(run(env(), "projections", "dead-letters", "achievement-stats")).isZero();
    }

    @Test
    void refusalsAndMistakesGiveANonZeroExitAndSayWhy() {
        assertThat(run(env(), "projections", "replay", "execution-worker")).isEqualTo(1);
        assertThat(printed()).contains("replay-not-allowed");
        assertThat(run(env(), "projections", "status", "no-such-view")).isEqualTo(1);
        assertThat(printed()).contains("unknown-projection");
        assertThat(run(env(), "projections")).isEqualTo(2);
        assertThat(printed()).contains("usage:");
        assertThat(run(env(), "projections", "replay")).isEqualTo(2);
        assertThat(run(Map.of("PYLEARN_URL", "http://localhost:" + port), "projections", "list")).isEqualTo(2);
        assertThat(printed()).contains("PYLEARN_ADMIN_PASSWORD");
        assertThat(run(Map.of("PYLEARN_URL", "http://localhost:" + port, "PYLEARN_ADMIN_PASSWORD", "wrong password!"),
                "projections", "list")).isEqualTo(2);
        assertThat(printed()).contains("log-in refused");
    }
}
