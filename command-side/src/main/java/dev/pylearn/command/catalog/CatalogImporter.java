package dev.pylearn.command.catalog;

import dev.pylearn.api.achievement.AchievementDefinition;
import dev.pylearn.api.achievement.PublishAchievements;
import dev.pylearn.api.catalog.PublishTrack;
import dev.pylearn.api.catalog.TrackPublicationResult;
import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the curriculum from content files and publishes it, one {@link PublishTrack} per track, at
 * every start-up. Layout (the numeric prefixes give the order):
 * <pre>
 * tracks/01-slug/track.yaml              id, title, description, premium, prerequisite
 * tracks/01-slug/01-module/module.yaml   id, title
 * tracks/01-slug/01-module/01-lesson.md  YAML front matter (id, title, xp), then Markdown
 * </pre>
 * Content errors stop the start-up with the file named: a broken curriculum must not go live.
 */
@Component
@Order(0)
public class CatalogImporter implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CatalogImporter.class);

    private final CommandGateway commands;
    private final String location;

    public CatalogImporter(CommandGateway commands, @Value("${pylearn.content.location:classpath:content/}") String location) {
        this.commands = commands;
        this.location = location.endsWith("/") ? location : location + "/";
    }

    @Override
    public void run(ApplicationArguments args) {
        publish();
    }

    /** Reads and publishes every track and the achievements; returns how many events that produced. */
    public int publish() {
        List<PublishTrack> tracks = read();
        int events = 0;
        for (PublishTrack track : tracks) {
            TrackPublicationResult result = commands.sendAndWait(track);
            events += result.eventsPublished();
        }
        List<AchievementDefinition> achievements = readAchievements();
        if (!achievements.isEmpty()) {
            Integer published = commands.sendAndWait(new PublishAchievements(PublishAchievements.CATALOG, achievements));
            events += published == null ? 0 : published;
        }
        long lessons = tracks.stream().flatMap(t -> t.modules().stream()).mapToLong(m -> m.lessons().size()).sum();
        log.info("Catalog from {}: {} tracks, {} modules, {} lessons, {} challenges; {} events published{}", location,
                tracks.size(), tracks.stream().mapToLong(t -> t.modules().size()).sum(), lessons,
                tracks.stream().mapToLong(t -> t.challenges().size()).sum(), events,
                events == 0 ? " (unchanged)" : "");
        return events;
    }

    /** Parses every track under the content location, in order, and checks cross-track references. */
    public List<PublishTrack> read() {
        Map<String, Map<String, Resource>> trackFiles = new TreeMap<>();
        for (Resource resource : resources("tracks/*/**/*.*")) {
            String relative = relativePath(resource);
            String[] parts = relative.split("/");
            trackFiles.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(relative, resource);
        }
        List<PublishTrack> tracks = new ArrayList<>();
        int position = 0;
        for (var entry : trackFiles.entrySet()) {
            tracks.add(readTrack(entry.getKey(), entry.getValue(), position++));
        }
        checkReferences(tracks);
        return tracks;
    }

    private PublishTrack readTrack(String dir, Map<String, Resource> files, int position) {
        Resource trackFile = files.get(dir + "/track.yaml");
        if (trackFile == null) {
            throw new ContentException(dir + "/track.yaml is missing");
        }
        Map<String, Object> track = yaml(trackFile, text(trackFile));
        Map<String, List<Resource>> lessonsByModule = new TreeMap<>();
        Map<String, Resource> moduleFiles = new TreeMap<>();
        files.forEach((path, resource) -> {
            String[] parts = path.split("/");
            if (parts.length == 3 && parts[2].equals("module.yaml")) {
                moduleFiles.put(parts[1], resource);
                } else if (parts.length == 3 && parts[2].endsWith(".md")) {
                lessonsByModule.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(resource);
            }
        });
        List<PublishTrack.ChallengeContent> challenges = new ArrayList<>();
        files.forEach((path, resource) -> {
            String[] parts = path.split("/");
            if (parts.length == 3 && parts[1].equals("challenges") && parts[2].endsWith(".yaml")) {
                challenges.add(readChallenge(resource).content());
            }
        });
        List<PublishTrack.ModuleContent> modules = new ArrayList<>();
        moduleFiles.forEach((moduleDir, moduleFile) -> {
            Map<String, Object> module = yaml(moduleFile, text(moduleFile));
            List<PublishTrack.LessonContent> lessons = lessonsByModule.getOrDefault(moduleDir, List.of()).stream()
                    .sorted(Comparator.comparing(this::relativePath))
                    .map(this::readLesson)
                    .toList();
            modules.add(new PublishTrack.ModuleContent(string(module, "id", moduleFile), string(module, "title", moduleFile),
                    lessons));
        });
        Object premium = track.get("premium");
        Object prerequisite = track.get("prerequisite");
        return new PublishTrack(string(track, "id", trackFile), position, string(track, "title", trackFile),
                String.valueOf(track.getOrDefault("description", "")).strip(), Boolean.TRUE.equals(premium),
                prerequisite == null ? null : prerequisite.toString(), modules, challenges);
    }

    /** The achievement definitions of {@code achievements.yaml}, in order; none when the file is absent. */
    public List<AchievementDefinition> readAchievements() {
        Resource file = new PathMatchingResourcePatternResolver().getResource(location + "achievements.yaml");
        if (!file.exists()) {
            return List.of();
        }
        Object list = new Yaml(new SafeConstructor(new LoaderOptions())).<Map<String, Object>>load(text(file))
                .get("achievements");
        if (!(list instanceof List<?> items)) {
            throw new ContentException("achievements.yaml: 'achievements' must list the achievements");
        }
        List<AchievementDefinition> result = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> raw)) {
                throw new ContentException("achievements.yaml: each achievement needs id, title, kind, threshold, xp");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) raw;
            result.add(new AchievementDefinition(String.valueOf(a.get("id")), String.valueOf(a.get("title")),
                    String.valueOf(a.getOrDefault("description", "")), String.valueOf(a.get("kind")),
                    a.get("threshold") instanceof Integer t ? t : 0, a.get("track") == null ? null
                            : a.get("track").toString(), a.get("xp") instanceof Integer x ? x : 0));
        }
        return result;
    }

    /**
     * A challenge file: the content that is published, and what never is: the reference solution, other
     * correct solutions in other styles ({@code alternatives}) and typical wrong ones ({@code wrong}),
     * which the content tests run to prove the tests tell them apart.
     */
    public record ChallengeFile(PublishTrack.ChallengeContent content, String starterCode, String solution,
                                List<String> alternatives, List<String> wrong) {
    }

    /** Every challenge with its reference solution, for the test that proves each one solvable. */
    public List<ChallengeFile> readChallenges() {
        List<ChallengeFile> result = new ArrayList<>();
        for (Resource resource : resources("tracks/*/challenges/*.yaml")) {
            result.add(readChallenge(resource));
        }
        return result;
    }

    private ChallengeFile readChallenge(Resource file) {
        Map<String, Object> yaml = yaml(file, text(file));
        String styleText = string(yaml, "style", file);
        ChallengeStyle style;
        try {
            style = ChallengeStyle.valueOf(styleText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ContentException(relativePath(file) + ": 'style' must be function or io");
        }
        Object tests = yaml.get("tests");
        if (!(tests instanceof List<?> list) || list.isEmpty()) {
            throw new ContentException(relativePath(file) + ": 'tests' must list the tests");
        }
        List<ChallengeTest> parsed = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> test)) {
                throw new ContentException(relativePath(file) + ": each test needs name, hidden and its steps or "
                        + "stdin and stdout");
            }
            String name = String.valueOf(test.get("name"));
            boolean hidden = Boolean.TRUE.equals(test.get("hidden"));
            if (style == ChallengeStyle.FUNCTION) {
                if (!(test.get("steps") instanceof List<?> steps) || steps.isEmpty()) {
                    throw new ContentException(relativePath(file) + ": test '" + name + "' needs 'steps'");
                }
                List<ChallengeTest.Step> parsedSteps = new ArrayList<>();
                for (Object step : steps) {
                    parsedSteps.add(step(step, relativePath(file) + ": test '" + name + "'"));
                }
                parsed.add(ChallengeTest.calls(name, hidden, optional(test.get("setup")), parsedSteps));
            } else {
                parsed.add(ChallengeTest.io(name, hidden, optional(test.get("stdin")), optional(test.get("stdout"))));
            }
        }
        String starter = string(yaml, "starter", file);
        PublishTrack.ChallengeContent content = new PublishTrack.ChallengeContent(string(yaml, "id", file),
                string(yaml, "title", file), string(yaml, "difficulty", file), integer(yaml, "xp", file),
                yaml.containsKey("timeLimitMs") ? integer(yaml, "timeLimitMs", file) : 2000, style,
                string(yaml, "statement", file), starter, parsed, strings(yaml, "hints"));
        return new ChallengeFile(content, starter, string(yaml, "solution", file), strings(yaml, "alternatives"),
                strings(yaml, "wrong"));
    }

    private static final Pattern RAISES = Pattern.compile(
            "raises\\s+([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:\\((.*)\\)|\\s+containing\\s+(.*))?", Pattern.DOTALL);

    /**
     * A step as the content files write it: {@code code -> expected}, where expected is a Python literal
     * ({@code letter_grade(95) -> "A"}) or {@code raises Name}, {@code raises Name("exact message")} or
     * {@code raises Name containing "part of the message"}; a step without an arrow must just run
     * ({@code account = BankAccount("Ada", 10)}). " -> " never occurs in a Python expression.
     */
    static ChallengeTest.Step step(Object item, String where) {
        if (!(item instanceof String text) || text.isBlank()) {
            throw new ContentException(where + ": each step is a line of text, e.g. 'f(1) -> 2'");
        }
        int arrow = text.lastIndexOf(" -> ");
        if (arrow < 0) {
            return ChallengeTest.Step.run(text.strip());
        }
        String code = text.substring(0, arrow).strip();
        String expected = text.substring(arrow + 4).strip();
        Matcher raises = RAISES.matcher(expected);
        if (raises.matches()) {
            String message = raises.group(2) != null ? raises.group(2) : raises.group(3);
            if (message != null) {
                message = message.strip();
                if (message.length() < 2 || message.charAt(0) != '"' || !message.endsWith("\"")) {
                    throw new ContentException(where + ": the message in '" + text + "' must be in double quotes");
                }
                message = message.substring(1, message.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            return new ChallengeTest.Step(code, null, raises.group(1), message, raises.group(3) != null);
        }
        return ChallengeTest.Step.returns(code, expected);
    }

    private static List<String> strings(Map<String, Object> yaml, String key) {
        if (!(yaml.get(key) instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static String optional(Object value) {
        return value == null ? null : value.toString();
    }

    private int integer(Map<String, Object> map, String key, Resource file) {
        if (!(map.get(key) instanceof Integer value)) {
            throw new ContentException(relativePath(file) + ": '" + key + "' must be a whole number");
        }
        return value;
    }

    private PublishTrack.LessonContent readLesson(Resource file) {
        String text = text(file).replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            throw new ContentException(relativePath(file) + ": a lesson starts with YAML front matter between '---' lines");
        }
        int end = text.indexOf("\n---", 4);
        if (end < 0) {
            throw new ContentException(relativePath(file) + ": the front matter is not closed by '---'");
        }
        Map<String, Object> front = yaml(file, text.substring(4, end));
        String body = text.substring(text.indexOf('\n', end + 1) + 1).strip() + "\n";
        Object xp = front.get("xp");
        if (!(xp instanceof Integer value)) {
            throw new ContentException(relativePath(file) + ": 'xp' must be a whole number");
        }
        return new PublishTrack.LessonContent(string(front, "id", file), string(front, "title", file), value, body);
    }

    private static void checkReferences(List<PublishTrack> tracks) {
        Set<String> trackIds = new HashSet<>();
        Map<String, String> lessonOwner = new HashMap<>();
        for (PublishTrack track : tracks) {
            if (!trackIds.add(track.trackId())) {
                throw new ContentException("track id " + track.trackId() + " is used twice");
            }
            track.modules().forEach(m -> m.lessons().forEach(l -> {
                String previous = lessonOwner.put(l.lessonId(), track.trackId());
                if (previous != null) {
                    throw new ContentException("lesson id " + l.lessonId() + " is used in " + previous + " and "
                            + track.trackId());
                }
            }));
            track.challenges().forEach(c -> {
                String previous = lessonOwner.put(c.challengeId(), track.trackId());
                if (previous != null) {
                    throw new ContentException("challenge id " + c.challengeId() + " is used twice (" + previous
                            + ", " + track.trackId() + ")");
                }
            });
        }
        for (PublishTrack track : tracks) {
            if (track.prerequisiteTrackId() != null && !trackIds.contains(track.prerequisiteTrackId())) {
                throw new ContentException("track " + track.trackId() + " names an unknown prerequisite "
                        + track.prerequisiteTrackId());
            }
        }
    }

    private Resource[] resources(String pattern) {
        try {
            return new PathMatchingResourcePatternResolver().getResources(location + pattern);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String relativePath(Resource resource) {
        try {
            String url = resource.getURL().toString();
            int at = url.lastIndexOf("/tracks/");
            return url.substring(at + "/tracks/".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> yaml(Resource file, String text) {
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) map;
                return result;
            }
        } catch (RuntimeException e) {
            throw new ContentException(relativePath(file) + ": " + e.getMessage());
        }
        throw new ContentException(relativePath(file) + ": expected YAML keys and values");
    }

    private String string(Map<String, Object> map, String key, Resource file) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ContentException(relativePath(file) + ": '" + key + "' is missing");
        }
        return value.toString().strip();
    }

    /** The content files are wrong; the message names the file. */
    public static class ContentException extends RuntimeException {
        ContentException(String message) {
            super("Invalid content: " + message);
        }
    }
}
