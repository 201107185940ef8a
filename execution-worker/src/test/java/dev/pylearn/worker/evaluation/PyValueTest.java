package dev.pylearn.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PyValueTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static PyValue report(String json) {
        return PyValue.fromReport(JSON.readTree(json));
    }

    static PyValue literal(String python) {
        return PyValue.parseLiteral(python);
    }

    @Test
    void numbersCompareByValueAndFloatsWithinTolerance() {
        assertThat(literal("5").matches(report("{\"float\":\"5.0\"}"))).isTrue();
        assertThat(literal("0.3").matches(report("{\"float\":\"0.30000000000000004\"}"))).isTrue();
        assertThat(literal("16.67").matches(report("{\"float\":\"16.666666666666668\"}"))).isFalse();
        assertThat(literal("12345678901234567890123").matches(report("{\"int\":\"12345678901234567890123\"}")))
                .isTrue();
        assertThat(literal("True").matches(report("{\"int\":\"1\"}"))).as("bool is not int").isFalse();
        assertThat(literal("-0.5").matches(report("{\"float\":\"-0.5\"}"))).isTrue();
    }

    @Test
    void containersCompareByContentAndKind() {
        assertThat(literal("([\"Ana\"], [], ['b'])").matches(report("{\"tuple\":[[\"Ana\"],[],[\"b\"]]}"))).isTrue();
        assertThat(literal("[1, 2]").matches(report("{\"tuple\":[{\"int\":\"1\"},{\"int\":\"2\"}]}"))).isFalse();
        assertThat(literal("{\"a\": 1, \"b\": 2}").matches(
                report("{\"dict\":[[\"b\",{\"int\":\"2\"}],[\"a\",{\"int\":\"1\"}]]}"))).isTrue();
        assertThat(literal("{\"a\": 1}").matches(report("{\"dict\":[[\"a\",{\"int\":\"1\"}],[\"b\",null]]}")))
                .isFalse();
        assertThat(literal("{1, 2}").matches(report("{\"set\":[{\"int\":\"2\"},{\"int\":\"1\"}]}"))).isTrue();
        assertThat(literal("set()").matches(report("{\"set\":[]}"))).isTrue();
        assertThat(literal("{}").matches(report("{\"set\":[]}"))).as("{} is a dict").isFalse();
        assertThat(literal("(1,)").matches(report("{\"tuple\":[{\"int\":\"1\"}]}"))).isTrue();
        assertThat(literal("(1)").matches(report("{\"int\":\"1\"}"))).isTrue();
    }

    @Test
    void anObjectEqualsNothing() {
        assertThat(literal("\"\"").matches(report("{\"object\":\"Anything\"}"))).isFalse();
        assertThat(literal("None").matches(report("{\"object\":\"NoneType\"}"))).isFalse();
        assertThat(report("{\"object\":\"Vector\"}").repr()).isEqualTo("<Vector object>");
    }

    @Test
    void stringsAreReadAndShownAsPythonWritesThem() {
        assertThat(literal("'don\\'t \\u00e9\\n'").matches(report("\"don't \\u00e9\\n\""))).isTrue();
        assertThat(report("\"A\"").repr()).isEqualTo("'A'");
        assertThat(report("\"don't\"").repr()).isEqualTo("\"don't\"");
        assertThat(report("[\"a\\tb\",{\"tuple\":[null,true]},{\"dict\":[[{\"int\":\"1\"},{\"float\":\"2.5\"}]]}]").repr())
                .isEqualTo("['a\\tb', (None, True), {1: 2.5}]");
    }

    @Test
    void aMalformedLiteralOrReportIsRefused() {
        assertThatThrownBy(() -> literal("[1, 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> literal("foo(1)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> report("{\"int\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> report("{\"weird\":1}")).isInstanceOf(IllegalArgumentException.class);
    }
}
