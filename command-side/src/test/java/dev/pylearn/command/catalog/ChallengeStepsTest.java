package dev.pylearn.command.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.api.challenge.ChallengeTest.Step;
import org.junit.jupiter.api.Test;

/** How a challenge file's steps are read: a call and its expected value, exception, or nothing. */
class ChallengeStepsTest {

    static Step step(String text) {
        return CatalogImporter.step(text, "test");
    }

    @Test
    void aCallAndTheValueItMustGive() {
        Step step = step("club_overlap([\"a\"], []) -> ([], [\"a\"], [])");
        assertThat(step.code()).isEqualTo("club_overlap([\"a\"], [])");
        assertThat(step.returns()).isEqualTo("([], [\"a\"], [])");
        assertThat(step.display()).isEqualTo("club_overlap([\"a\"], []) == ([], [\"a\"], [])");
    }

    @Test
    void aCallAndTheExceptionItMustRaise() {
        Step exact = step("account.withdraw(50) -> raises ValueError(\"insufficient funds\")");
        assertThat(exact).isEqualTo(new Step("account.withdraw(50)", null, "ValueError", "insufficient funds", false));
        assertThat(exact.display()).isEqualTo("account.withdraw(50)  # raises ValueError(\"insufficient funds\")");
        Step containing = step("summarize() -> raises ValueError containing \"at least one number\"");
        assertThat(containing).isEqualTo(new Step("summarize()", null, "ValueError", "at least one number", true));
        assertThat(step("retry(0) -> raises ValueError")).isEqualTo(new Step("retry(0)", null, "ValueError", null,
                false));
    }

    @Test
    void aStatementMustJustRun() {
        assertThat(step("account = BankAccount(\"Ada\", 10)"))
                .isEqualTo(new Step("account = BankAccount(\"Ada\", 10)", null, null, null, false));
    }

    @Test
    void aMessageOutsideDoubleQuotesIsRefused() {
        assertThatThrownBy(() -> step("f() -> raises ValueError('single')")).isInstanceOf(CatalogImporter.ContentException.class)
                .hasMessageContaining("double quotes");
        assertThatThrownBy(() -> CatalogImporter.step(42, "test")).isInstanceOf(CatalogImporter.ContentException.class);
    }
}
