package dev.pylearn.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus rules shipped in {@code infra/deploy}: valid for promtool, their unit tests pass
 * (each rule fires on the series that should trip it and stays quiet otherwise), and their thresholds
 * are the application's default alert thresholds. promtool comes from Debian's prometheus package
 * ({@code .ci/run} installs it); without it this test fails rather than skips.
 */
class PrometheusRulesTest {

    private static final Path RULES = Path.of("deploy", "prometheus", "alerts.yml");
    private static final Path RULE_TESTS = Path.of("deploy", "prometheus", "alerts_test.yml");

    @Test
    void rulesAreValidForPromtool() throws Exception {
        String output = promtool("check", "rules", RULES.toString());
        assertThat(output).contains("SUCCESS: 7 rules found");
    }

    @Test
    void rulesPassTheirPromtoolUnitTests() throws Exception {
        String output = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void rulesUseTheApplicationsDefaultThresholds() throws IOException {
        Map<String, String> thresholds = thresholds();
        assertThat(thresholds).containsEntry("error-rate", "${PYLEARN_ALERT_ERROR_RATE:0.05}")
                .containsEntry("avg-response", "${PYLEARN_ALERT_AVG_RESPONSE:2s}")
                .containsEntry("slow-requests", "${PYLEARN_ALERT_SLOW_REQUESTS:0.20}")
                .containsEntry("repeated-statement-warnings", "${PYLEARN_ALERT_N_PLUS_ONE:10}")
                .containsEntry("projection-lag", "${PYLEARN_ALERT_PROJECTION_LAG:30s}")
                .containsEntry("dead-letters", "${PYLEARN_ALERT_DEAD_LETTERS:0}");
        Map<String, String> rules = rules();
        assertThat(rules.get("PyLearnHighErrorRate")).endsWith("> 0.05");
        assertThat(rules.get("PyLearnSlowAverageResponse")).endsWith("> 2");
        assertThat(rules.get("PyLearnSlowRequests")).contains("le=\"1.0\"").endsWith("> 0.20");
        assertThat(rules.get("PyLearnNPlusOne")).endsWith("> 10");
        assertThat(rules.get("PyLearnProjectionLag")).endsWith("> 30");
        assertThat(rules.get("PyLearnWorkerBackendFailing")).endsWith("> 0");
        assertThat(rules.get("PyLearnDeadLetters")).contains("pylearn_dead_letters").endsWith("> 0");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> thresholds() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.yml"))) {
            Map<String, Object> yaml = new Yaml().load(in);
            Map<String, Object> alerts = (Map<String, Object>) ((Map<String, Object>) yaml.get("pylearn")).get("alerts");
            Map<String, String> values = new java.util.TreeMap<>();
            alerts.forEach((key, value) -> values.put(key, String.valueOf(value)));
            return values;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> rules() throws IOException {
        try (InputStream in = Files.newInputStream(RULES)) {
            Map<String, Object> yaml = new Yaml().load(in);
            Map<String, String> exprs = new java.util.TreeMap<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) yaml.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    exprs.put((String) rule.get("alert"), ((String) rule.get("expr")).trim());
                }
            }
            return exprs;
        }
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install prometheus (.ci/run does)", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
