package dev.pylearn.command.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.api.Rejection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LearnerRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Ada\u200BLovelace", "Ada\u200DLovelace", "\u202EnimdA", "Ada\u2066x\u2069", "Ada\u0007",
            "Ada\u0085", "Ada\u00A0Lovelace", "Ada\u3000Lovelace", "\u3164", "Ada\u2800", "Ada\uFEFF",
            "Ada\u00AD", "Ada\uE000", "Ada\u2028x", "Ada\u034Fx", "\u0301Ada", "A\u0301\u0301\u0301\u0301\u0301",
            "Ada\uDB40\uDC01", "Ada\u180E"})
    void refusesInvisibleAndControlCharacters(String name) {
        assertThatThrownBy(() -> LearnerRules.displayName(name))
                .isInstanceOf(Rejection.class).hasMessageContaining("display name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ada Lovelace", "José Müller", "李小龍", "محمد", "Ελένη", "Zoë ❤️", "Ana-María O'Neil", "x_y.z"})
    void acceptsNamesInEveryScript(String name) {
        assertThat(LearnerRules.displayName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+02:00", "-05:00", "Z", "UTC+2", "UTC+02:00", "GMT+2", "GMT-05:00", "UT+2", "GMT",
            "UT", "Etc/GMT-2", "Etc/GMT+5", "Etc/GMT", "GMT0", "Zulu", "EST", "MST", "HST", "EST5EDT", "CET",
            "Moon/Base", "", " "})
    void refusesFixedOffsetsInAnySpelling(String zone) {
        assertThatThrownBy(() -> LearnerRules.timezone(zone))
                .isInstanceOf(Rejection.class).hasMessageContaining("time zone region");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "America/Panama",
            "Pacific/Kiritimati"})
    void acceptsRegions(String zone) {
        assertThat(LearnerRules.timezone(zone).getId()).isEqualTo(zone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "utc", "Etc/UTC"})
    void utcHasOneSpelling(String zone) {
        assertThat(LearnerRules.timezone(zone).getId()).isEqualTo("UTC");
    }

    @org.junit.jupiter.api.Test
    void regionIdsAreMatchedRegardlessOfCase() {
        assertThat(LearnerRules.timezone(" europe/BERLIN ").getId()).isEqualTo("Europe/Berlin");
    }

    @org.junit.jupiter.api.Test
    void displayNamesAreNormalized() {
        assertThat(LearnerRules.displayName("  Ada    Lovelace  ")).isEqualTo("Ada Lovelace");
        assertThat(LearnerRules.displayName("Jose\u0301")).isEqualTo("José");
        assertThat(LearnerRules.displayName(null, "ada")).isEqualTo("ada");
    }
}
