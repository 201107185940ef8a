package dev.pylearn.infra.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V14 on a database written by the earlier judge: visible tests keep their old code as the display,
 * and rules with assertion code are dropped (the start-up import writes them again as calls), while
 * io rules stay.
 */
class ChallengeTestsMigrationTest {

    @Test
    void oldVisibleTestsGetADisplayAndOldAssertionRulesAreDropped() throws Exception {
        TestServices.Database database = TestServices.database();
        String name = "pylearn_v14_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = DriverManager.getConnection(database.url(), database.username(),
                database.password())) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        }
        String url = database.url().substring(0, database.url().lastIndexOf('/') + 1) + name;
        try {
            Flyway.configure().dataSource(url, database.username(), database.password())
                    .locations("classpath:db/migration").target("12").load().migrate();
            try (Connection db = DriverManager.getConnection(url, database.username(), database.password())) {
                db.createStatement().execute("""
                        INSERT INTO catalog_challenge (challenge_id, track_id, position, title, difficulty, xp,
                            time_limit_ms, style, statement, starter_code, visible_tests, hidden_tests, version)
                        VALUES ('letter-grade', 't', 0, 'Letter Grade', 'easy', 20, 2000, 'function', 's', 'c',
                            '[{"name": "one", "assertion": "assert f(1) == 2", "stdin": null, "expectedStdout": null},
                              {"name": "two", "assertion": "assert f(2) == 3", "stdin": null, "expectedStdout": null}]',
                            2, 1),
                            ('fizzbuzz', 't', 1, 'FizzBuzz', 'easy', 20, 2000, 'io', 's', 'c',
                            '[{"name": "io", "assertion": null, "stdin": "5", "expectedStdout": "1"}]', 2, 1)""");
                db.createStatement().execute("""
                        INSERT INTO challenge_rule (challenge_id, track_id, xp, style, time_limit_ms, tests)
                        VALUES ('letter-grade', 't', 20, 'FUNCTION', 2000,
                                '[{"name": "one", "hidden": false, "assertion": "assert f(1) == 2"}]'),
                               ('fizzbuzz', 't', 20, 'IO', 2000,
                                '[{"name": "io", "hidden": false, "stdin": "5", "expectedStdout": "1"}]')""");
            }
            Flyway.configure().dataSource(url, database.username(), database.password())
                    .locations("classpath:db/migration").load().migrate();
            try (Connection db = DriverManager.getConnection(url, database.username(), database.password())) {
                ResultSet visible = db.createStatement().executeQuery("SELECT visible_tests::text FROM "
                        + "catalog_challenge WHERE challenge_id = 'letter-grade'");
                assertThat(visible.next()).isTrue();
                assertThat(visible.getString(1)).contains("\"display\": \"assert f(1) == 2\"")
                        .doesNotContain("assertion");
                assertThat(visible.getString(1).indexOf("\"one\"")).isLessThan(visible.getString(1).indexOf("\"two\""));
                ResultSet io = db.createStatement().executeQuery("SELECT visible_tests::text FROM catalog_challenge "
                        + "WHERE challenge_id = 'fizzbuzz'");
                assertThat(io.next()).isTrue();
                assertThat(io.getString(1)).contains("\"stdin\": \"5\"").contains("\"display\": null");
                ResultSet rules = db.createStatement().executeQuery("SELECT challenge_id FROM challenge_rule");
                assertThat(rules.next()).isTrue();
                assertThat(rules.getString(1)).isEqualTo("fizzbuzz");
                assertThat(rules.next()).isFalse();
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(database.url(), database.username(),
                    database.password())) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }
}
