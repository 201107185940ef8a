package dev.pylearn.command.tutor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The tutor when no model is configured (the embedded default): no key, no network. It answers from
 * the material it is given and says so at the top: the learner's last failing visible test, the
 * author's hints, and the paragraphs of the lesson or statement that share the most words with the
 * question. It writes no code of its own.
 */
public class OfflineTutor implements TutorModel {

    static final String LABEL = "**Offline tutor:** no AI model is configured on this PyLearn, so this answer is "
            + "put together from the course material, not written by an AI.";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]{3,}");
    private static final Pattern ASKS_FOR_SECRETS = Pattern.compile(
            "(?i)hidden|solution|reference|answer key|expected output of (the )?hidden");
    private static final Set<String> COMMON = Set.of("the", "and", "for", "how", "what", "why", "does", "this", "that",
            "with", "can", "you", "are", "not", "but", "have", "from", "when", "which", "into", "your", "about", "there",
            "should", "would", "get", "use", "make");

    @Override
    public String provider() {
        return "offline";
    }

    @Override
    public String model() {
        return "course-material";
    }

    @Override
    public TutorReply answer(TutorPrompt prompt, Consumer<String> tokens) {
        StringBuilder answer = new StringBuilder(LABEL).append("\n\n");
        if (ASKS_FOR_SECRETS.matcher(prompt.question()).find()) {
            answer.append("Hidden tests and reference solutions are never given to the tutor, so it cannot show "
                    + "them; what it has is below.\n\n");
        }
        boolean any = false;
        for (TutorPrompt.Section section : prompt.sections()) {
            if (section.kind().equals("failing-test")) {
                answer.append("**").append(section.title()).append("**\n\n").append(section.text().strip())
                        .append("\n\n");
                any = true;
            }
        }
        for (TutorPrompt.Section section : prompt.sections()) {
            if (section.kind().equals("hints")) {
                answer.append("**").append(section.title()).append("**\n\n").append(section.text().strip())
                        .append("\n\n");
                any = true;
            }
        }
        Set<String> asked = words(prompt.question());
        for (TutorPrompt.Section section : prompt.sections()) {
            if (section.kind().equals("lesson") || section.kind().equals("statement")) {
                List<String> relevant = relevantParagraphs(section.text(), asked, 2);
                if (!relevant.isEmpty()) {
                    answer.append("**From ").append(section.title()).append("**\n\n");
                    relevant.forEach(p -> answer.append(p.strip()).append("\n\n"));
                    any = true;
                }
            }
        }
        if (!any) {
            answer.append("There is no course material to answer from here. Ask from a lesson or a challenge page, "
                    + "where the tutor can use its text, hints and your last failing visible test.");
        }
        String text = answer.toString().strip();
        // streamed word by word, as a model's answer would be
        for (String piece : text.split("(?<=\\s)")) {
            tokens.accept(piece);
        }
        return new TutorReply(text, provider(), model(), 0, 0);
    }

    /** The paragraphs sharing the most words with the question, in their order in the text (the first one if none does). */
    static List<String> relevantParagraphs(String text, Set<String> asked, int most) {
        String[] paragraphs = text.split("\\n\\s*\\n");
        record Scored(int index, String paragraph, long score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < paragraphs.length; i++) {
            String paragraph = paragraphs[i];
            if (paragraph.isBlank()) {
                continue;
            }
            long score = words(paragraph).stream().filter(asked::contains).count();
            scored.add(new Scored(i, paragraph, score));
        }
        List<Scored> best = scored.stream().filter(s -> s.score() > 0)
                .sorted(Comparator.comparingLong(Scored::score).reversed().thenComparingInt(Scored::index))
                .limit(most).sorted(Comparator.comparingInt(Scored::index)).toList();
        if (best.isEmpty()) {
            return scored.isEmpty() ? List.of() : List.of(scored.get(0).paragraph());
        }
        return best.stream().map(Scored::paragraph).toList();
    }

    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        var matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String word = matcher.group();
            if (!COMMON.contains(word)) {
                words.add(word.endsWith("s") && word.length() > 4 ? word.substring(0, word.length() - 1) : word);
            }
        }
        return words;
    }
}
