package dev.pylearn.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/** The event store's own time stamp parser reads what Axon writes exactly as java.time does. */
class TimestampParsingTest {

    @Test
    void readsEveryInstantAxonWritesAsJavaTimeDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            for (String text : new String[]{DateTimeUtils.formatInstant(instant), instant.toString(),
                    DateTimeFormatter.ISO_INSTANT.format(instant)}) {
                assertThat(TimestampParsingEventStorageEngine.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
        assertThat(TimestampParsingEventStorageEngine.parse("2026-11-26T01:04:09Z"))
                .isEqualTo(Instant.parse("2026-11-26T01:04:09Z"));
        assertThat(TimestampParsingEventStorageEngine.parse("2026-11-26T01:04:09.5Z"))
                .isEqualTo(Instant.parse("2026-11-26T01:04:09.500Z"));
        assertThat(TimestampParsingEventStorageEngine.parse("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
        // other shapes are java.time's to read
        assertThat(TimestampParsingEventStorageEngine.parse("2026-11-26T01:04:09+01:00"))
                .isEqualTo(Instant.parse("2026-11-26T00:04:09Z"));
    }

    @Test
    void refusesWhatIsNoInstant() {
        for (String text : new String[]{"2026-13-26T01:04:09Z", "2026-02-30T01:04:09Z", "2026-11-26T24:04:09Z",
                "2026-11-26T01:60:09Z", "2026-11-2xT01:04:09Z", "yesterday"}) {
            assertThatThrownBy(() -> TimestampParsingEventStorageEngine.parse(text)).as(text)
                    .isInstanceOf(DateTimeException.class);
        }
    }
}
