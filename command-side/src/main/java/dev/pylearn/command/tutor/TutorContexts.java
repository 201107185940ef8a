package dev.pylearn.command.tutor;

import dev.pylearn.api.Rejection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what the tutor is given for a question, from the catalog read model and the learner's own
 * submissions only: the lesson's text; or the challenge's statement, authored hints and VISIBLE tests
 * ({@code catalog_challenge} holds no hidden test: only their number) and the learner's last failing
 * visible test (hidden outcomes are dropped here, by their flag). Reference solutions never leave the
 * content files. This is the one place a prompt's material comes from, whatever the provider.
 */
@Component
public class TutorContexts {

    /** Earlier turns of the conversation given to the model with a new question. */
    static final int HISTORY_TURNS = 4;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    TutorContexts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Refuses with 404 an unknown lesson or challenge (before anything is counted). */
    public TutorPrompt build(String learnerId, String kind, String contextId, String conversationId, String question) {
        List<TutorPrompt.Section> sections = switch (kind) {
            case "lesson" -> lesson(contextId);
            case "challenge" -> challenge(learnerId, contextId);
            default -> List.of();
        };
        return new TutorPrompt(TutorPrompt.SYSTEM, sections, history(learnerId, conversationId), question.strip());
    }

    /** Refuses an unknown lesson or challenge with 404. */
    public void requireContext(String kind, String contextId) {
        if ("lesson".equals(kind)) {
            lesson(contextId);
        } else if ("challenge".equals(kind)) {
            boolean known = jdbc.sql("SELECT count(*) FROM catalog_challenge WHERE challenge_id = ?").param(contextId)
                    .query(Long.class).single() > 0;
            if (!known) {
                throw unknownChallenge(contextId);
            }
        }
    }

    private List<TutorPrompt.Section> lesson(String lessonId) {
        return jdbc.sql("SELECT title, body FROM catalog_lesson WHERE lesson_id = ?").param(lessonId)
                .query((rs, n) -> List.of(new TutorPrompt.Section("lesson", "Lesson: " + rs.getString("title"),
                        rs.getString("body"))))
                .optional()
                .orElseThrow(() -> Rejection.notFound("unknown-lesson", "There is no lesson '" + lessonId + "'."));
    }

    private List<TutorPrompt.Section> challenge(String learnerId, String challengeId) {
        // one statement: the challenge and the learner's latest judged submission of it
        Optional<List<TutorPrompt.Section>> found = jdbc.sql("""
                        SELECT c.title, c.statement, c.hints, c.visible_tests,
                               (SELECT s.tests FROM submission s
                                 WHERE s.learner_id = ? AND s.challenge_id = c.challenge_id
                                   AND s.evaluated_at IS NOT NULL
                                 ORDER BY s.submitted_at DESC LIMIT 1) AS last_tests
                        FROM catalog_challenge c WHERE c.challenge_id = ?""")
                .params(learnerId, challengeId)
                .query((rs, n) -> {
                    List<TutorPrompt.Section> sections = new ArrayList<>();
                    String title = rs.getString("title");
                    sections.add(new TutorPrompt.Section("statement", "Challenge: " + title, rs.getString("statement")));
                    JsonNode visible = json.readTree(rs.getString("visible_tests"));
                    List<String> hints = new ArrayList<>();
                    String hintsJson = rs.getString("hints");
                    if (hintsJson != null) {
                        json.readTree(hintsJson).forEach(h -> hints.add(h.asString()));
                    }
                    if (!hints.isEmpty()) {
                        StringBuilder text = new StringBuilder();
                        for (int i = 0; i < hints.size(); i++) {
                            text.append(i + 1).append(". ").append(hints.get(i)).append('\n');
                        }
                        sections.add(new TutorPrompt.Section("hints", "Hints from the challenge's author", text.toString()));
                    }
                    StringBuilder tests = new StringBuilder();
                    visible.forEach(t -> tests.append("- ").append(t.get("name").asString()).append(": ")
                            .append(display(t)).append('\n'));
                    if (!tests.isEmpty()) {
                        sections.add(new TutorPrompt.Section("visible-tests", "Visible tests", tests.toString()));
                    }
                    String last = rs.getString("last_tests");
                    if (last != null) {
                        failingVisible(json.readTree(last), visible).ifPresent(sections::add);
                    }
                    return sections;
                })
                .optional();
        return found.orElseThrow(() -> unknownChallenge(challengeId));
    }

    private static Rejection unknownChallenge(String challengeId) {
        return Rejection.notFound("unknown-challenge", "There is no challenge '" + challengeId + "'.");
    }

    /** The first visible test the learner's last submission did not pass; hidden outcomes are skipped by their flag. */
    private static Optional<TutorPrompt.Section> failingVisible(JsonNode outcomes, JsonNode visible) {
        for (JsonNode outcome : outcomes) {
            if (outcome.path("hidden").asBoolean(true) || "passed".equals(outcome.path("status").asString())) {
                continue;
            }
            String name = outcome.path("name").asString();
            StringBuilder text = new StringBuilder();
            text.append("Test \"").append(name).append("\" ended as ").append(outcome.path("status").asString())
                    .append(".\n");
            for (JsonNode test : visible) {
                if (name.equals(test.path("name").asString())) {
                    text.append("The test: ").append(display(test)).append('\n');
                }
            }
            String message = outcome.path("message").asString("");
            if (!message.isBlank()) {
                text.append("What the judge said: ").append(message).append('\n');
            }
            String output = outcome.path("output").asString("");
            if (!output.isBlank()) {
                text.append("What the program printed:\n").append(output).append('\n');
            }
            return Optional.of(new TutorPrompt.Section("failing-test", "Your last failing visible test", text.toString()));
        }
        return Optional.empty();
    }

    private static String display(JsonNode test) {
        String stdin = test.path("stdin").asString("");
        String expected = test.path("expectedStdout").asString("");
        if (!stdin.isEmpty() || !expected.isEmpty()) {
            return "input " + quote(stdin) + ", expected output " + quote(expected);
        }
        return test.path("display").asString("");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    private List<TutorPrompt.Turn> history(String learnerId, String conversationId) {
        List<TutorPrompt.Turn> turns = new ArrayList<>(jdbc.sql("""
                        SELECT question, answer FROM tutor_message
                        WHERE learner_id = ? AND conversation_id = ? AND status = 'answered'
                        ORDER BY asked_at DESC, question_id DESC LIMIT ?""")
                .params(learnerId, conversationId, HISTORY_TURNS)
                .query((rs, n) -> new TutorPrompt.Turn(rs.getString("question"), rs.getString("answer")))
                .list());
        Collections.reverse(turns);
        return turns;
    }
}
