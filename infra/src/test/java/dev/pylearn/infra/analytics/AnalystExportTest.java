package dev.pylearn.infra.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The analyst export over HTTP: cells a spreadsheet would run as formulas arrive neutralized in CSV
 * (OWASP's list, also after a separator inside a cell) while numbers, negative ones included, stay
 * numbers; and large exports are streamed whole. Rows are written straight into the analytics table
 * the view reads, with learner ids an attacker would choose, and removed afterwards.
 */
class AnalystExportTest extends PlatformTest {

    private static final CsvMapper CSV = CsvMapper.builder().build();

    @Test
    void csvCellsASpreadsheetWouldRunAreNeutralizedAndNumbersAreNot() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("=HYPERLINK(\"http://x.example/" + run + "\",\"open\")", "'=HYPERLINK(\"http://x.example/" + run + "\",\"open\")");
        expected.put("+" + run, "'+" + run);
        expected.put("-2+3 " + run, "'-2+3 " + run);
        expected.put("@SUM(A1) " + run, "'@SUM(A1) " + run);
        expected.put("\t" + run, "'\t" + run);
        expected.put("\r" + run, "'\r" + run);
        expected.put("cell;=1+1 " + run, "cell;'=1+1 " + run);
        expected.put("cell,-1 " + run, "cell,'-1 " + run);
        expected.put("plain-" + run, "plain-" + run);
        expected.keySet().forEach(id -> jdbc.sql("INSERT INTO analytics_daily_activity (learner_id, day, xp, submissions) "
                + "VALUES (?, DATE '2026-11-01', -5, 2)").param(id).update());
        try {
            String admin = adminToken();
            Api.Response csv = api.send(api.request("/api/analytics/daily-activity?limit=1000000", admin)
                    .header("Accept", "text/csv"));
            assertThat(csv.status()).as(csv.text()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            Map<String, Map<String, String>> rows = new LinkedHashMap<>();
            read(csv.text()).forEach(row -> rows.put(row.get("learner_id"), row));
            expected.forEach((stored, exported) -> {
                assertThat(rows).as("row of " + stored.strip()).containsKey(exported);
                assertThat(rows.get(exported)).containsEntry("xp", "-5").containsEntry("submissions", "2")
                        .containsEntry("day", "2026-11-01");
            });
            // the negative number is a bare number in the file, not text
            assertThat(csv.text()).contains("plain-" + run + ",2026-11-01,-5,0,0,2");

            // JSON is no spreadsheet: the values arrive as stored
            Api.Response json = api.get("/api/analytics/daily-activity?limit=1000000", admin);
            assertThat(json.status()).isEqualTo(200);
            List<String> ids = json.json().valueStream().map(row -> row.get("learner_id").asString()).toList();
            assertThat(ids).containsAll(expected.keySet());
            JsonNode plain = json.json().valueStream()
                    .filter(row -> row.get("learner_id").asString().equals("plain-" + run)).findFirst().orElseThrow();
            assertThat(plain.get("xp").asLong()).isEqualTo(-5);
        } finally {
            expected.keySet().forEach(id -> jdbc.sql("DELETE FROM analytics_daily_activity WHERE learner_id = ?")
                    .param(id).update());
        }
    }

    @Test
    void aLargeExportIsStreamedWholeAndTheLimitHolds() {
        String prefix = "bulk-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int count = 50_000;
        jdbc.sql("""
                INSERT INTO analytics_daily_activity (learner_id, day, xp, lessons_completed)
                SELECT ? || n, DATE '2026-01-01' + (n % 300), n, 1 FROM generate_series(1, ?) AS n""")
                .params(prefix, count).update();
        try {
            String admin = adminToken();
            Api.Response csv = api.send(api.request("/api/analytics/daily-activity?limit=1000000", admin)
                    .header("Accept", "text/csv"));
            assertThat(csv.status()).isEqualTo(200);
            // written as it is read: no length known up front
            assertThat(csv.header("Content-Length")).isNull();
            List<String> lines = csv.text().lines().toList();
            assertThat(lines.get(0)).isEqualTo("learner_id,day,xp,lessons_completed,challenges_solved,submissions");
            assertThat(lines.stream().filter(line -> line.startsWith(prefix)).count()).isEqualTo(count);

            Api.Response json = api.get("/api/analytics/daily-activity?limit=1000000", admin);
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.json().valueStream().filter(row -> row.get("learner_id").asString().startsWith(prefix))
                    .count()).isEqualTo(count);

            Api.Response ten = api.send(api.request("/api/analytics/daily-activity?limit=10", admin)
                    .header("Accept", "text/csv"));
            assertThat(ten.text().lines().count()).isEqualTo(11);
            assertThat(api.get("/api/analytics/daily-activity?limit=10", admin).json().size()).isEqualTo(10);
            assertProblem(api.send(api.request("/api/analytics/daily-activity?limit=1000001", admin)
                    .header("Accept", "text/csv")), 400, "invalid-limit");
        } finally {
            jdbc.sql("DELETE FROM analytics_daily_activity WHERE learner_id LIKE ?").param(prefix + "%").update();
        }
    }

    private static List<Map<String, String>> read(String csv) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
