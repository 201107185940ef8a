package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthTest extends PlatformTest {

    @Test
    void healthIsPublicAndUpWithTheEventProcessorsRunningAndTheCodeRunnersCanaryPassing() {
        // the suite shares this node with tests that replay projections (a processor stopped for a moment)
        // and saturate the CPU (a canary run that timed out is DOWN until the next check, 30 s later)
        await().atMost(Duration.ofSeconds(90)).until(() -> api.get("/actuator/health", null).status() == 200);
        Api.Response anonymous = api.get("/actuator/health", null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).as("details are for admins").isFalse();

        Api.Response admin = api.get("/actuator/health", adminToken());
        var processors = admin.json().get("components").get("eventProcessors");
        assertThat(processors.get("status").asString()).isEqualTo("UP");
        assertThat(processors.get("details").has("learner-dashboard")).isTrue();
        assertThat(processors.get("details").has("catalog")).isTrue();
        assertThat(admin.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        var runner = admin.json().get("components").get("codeRunner");
        assertThat(runner.get("status").asString()).isEqualTo("UP");
        assertThat(runner.get("details").get("canary").asString()).isEqualTo("the canary program ran and answered correctly");
        assertThat(runner.get("details").get("runner").asString()).startsWith("local sandbox (bubblewrap, seccomp filter");
    }

    @Test
    void otherActuatorEndpointsNeedAnAdmin() {
        Learner learner = register();
        assertThat(api.get("/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/metrics", learner.token()).status()).isEqualTo(403);
        assertThat(api.get("/actuator/metrics", adminToken()).status()).isEqualTo(200);
    }
}
