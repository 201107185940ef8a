package dev.pylearn.monitoring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlShapeTest {

    @Test
    void literalsAreMaskedSoOneQueryWithOtherValuesIsOneShape() {
        String a = SqlShape.normalize("SELECT * FROM learner_dashboard WHERE learner_id = 'ada-42' AND xp > 10");
        String b = SqlShape.normalize("SELECT *  FROM learner_dashboard\n WHERE learner_id = 'bob''s' AND xp > 250");
        assertThat(a).isEqualTo(b).isEqualTo("SELECT * FROM learner_dashboard WHERE learner_id = ? AND xp > ?");
    }

    @Test
    void bindParametersInListsAndMultiRowValuesCollapse() {
        assertThat(SqlShape.normalize("SELECT x FROM t WHERE id IN (?, ?, ?)"))
                .isEqualTo(SqlShape.normalize("SELECT x FROM t WHERE id IN (?)"))
                .isEqualTo("SELECT x FROM t WHERE id IN (...)");
        assertThat(SqlShape.normalize("INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?), ...");
    }

    @Test
    void identifiersWithDigitsAreKept() {
        assertThat(SqlShape.normalize("SELECT v2, col_3 FROM t1 WHERE a = 7"))
                .isEqualTo("SELECT v2, col_3 FROM t1 WHERE a = ?");
    }
}
