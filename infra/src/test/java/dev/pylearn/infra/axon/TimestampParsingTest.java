package dev.pylearn.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/**
 * The event store's own time stamp parser, and the Instant reader of the events' JSON, read what
 * was written exactly as java.time does.
 */
class TimestampParsingTest {

    record Event(String learnerId, Instant at) {
    }

    @Test
    void eventPayloadsReadTheirInstantsAsWritten() throws Exception {
        ObjectMapper json = new AxonConfiguration().defaultAxonObjectMapper();
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Event event = new Event("learner-" + i, Instant.ofEpochSecond(random.nextLong(0, 5_000_000_000L),
                    random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000)));
            assertThat(json.readValue(json.writeValueAsString(event), Event.class)).isEqualTo(event);
        }
        // other shapes are jsr310's: offsets, epoch numbers; nonsense is still an error
        assertThat(json.readValue("{\"learnerId\":\"a\",\"at\":\"2026-11-26T02:00:00+01:00\"}", Event.class).at())
                .isEqualTo(Instant.parse("2026-11-26T01:00:00Z"));
        assertThat(json.readValue("{\"learnerId\":\"a\",\"at\":1764118800.5}", Event.class).at())
                .isEqualTo(Instant.parse("2025-11-26T01:00:00.5Z"));
        assertThatThrownBy(() -> json.readValue("{\"learnerId\":\"a\",\"at\":\"tomorrow\"}", Event.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void readsEveryInstantAxonWritesAsJavaTimeDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            for (String text : new String[]{DateTimeUtils.formatInstant(instant), instant.toString(),
                    DateTimeFormatter.ISO_INSTANT.format(instant)}) {
                assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
        assertThat(IsoInstants.parse("2026-11-26T01:04:09Z"))
                .isEqualTo(Instant.parse("2026-11-26T01:04:09Z"));
        assertThat(IsoInstants.parse("2026-11-26T01:04:09.5Z"))
                .isEqualTo(Instant.parse("2026-11-26T01:04:09.500Z"));
        assertThat(IsoInstants.parse("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
        // other shapes are java.time's to read
        assertThat(IsoInstants.parse("2026-11-26T01:04:09+01:00"))
                .isEqualTo(Instant.parse("2026-11-26T00:04:09Z"));
    }

    @Test
    void refusesWhatIsNoInstant() {
        for (String text : new String[]{"2026-13-26T01:04:09Z", "2026-02-30T01:04:09Z", "2026-11-26T24:04:09Z",
                "2026-11-26T01:60:09Z", "2026-11-2xT01:04:09Z", "yesterday"}) {
            assertThatThrownBy(() -> IsoInstants.parse(text)).as(text)
                    .isInstanceOf(DateTimeException.class);
        }
    }
}
