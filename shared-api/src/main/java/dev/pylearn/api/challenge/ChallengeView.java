package dev.pylearn.api.challenge;

import java.util.List;

/**
 * A challenge page: statement (Markdown, and the HTML rendered from it at import), starter code and
 * the visible tests only; {@code hiddenTests} says how many more the submission will be judged on.
 */
public record ChallengeView(String challengeId, String trackId, String title, String difficulty, int xp,
                            int timeLimitMs, String style, String statement, String statementHtml,
                            String starterCode,
                            List<VisibleTest> visibleTests, int hiddenTests, boolean solved, boolean locked,
                            String lockReason) {

    /**
     * A visible test, shown with what it runs: {@code display} holds the calls and the values they must
     * give (e.g. {@code letter_grade(95) == "A"}) for function-style challenges; {@code stdin} and
     * {@code expectedStdout} the input and output of io-style ones.
     */
    public record VisibleTest(String name, String display, String stdin, String expectedStdout) {
    }
}
