package dev.pylearn.command.catalog;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a submission needs to know about its challenge: the track's access rules, the XP, and the
 * tests to run. Read from {@code challenge_rule}, kept by {@link CatalogRulesUpdater}.
 */
@Component
public class ChallengeRules {

    /** One challenge's rules; {@code prerequisiteLessons} is empty when its track has no prerequisite. */
    public record ChallengeRule(String challengeId, String trackId, int xp, boolean trackPremium,
                                String prerequisiteTrackId, List<String> prerequisiteLessons, ChallengeStyle style,
                                int timeLimitMs, List<ChallengeTest> tests) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ChallengeRules(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The challenge's rules; read once per unit of work (a batch of matches creates many battles on the
     * same few challenges in one transaction).
     */
    public Optional<ChallengeRule> find(String challengeId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return read(challengeId);
        }
        Map<String, Optional<ChallengeRule>> read = CurrentUnitOfWork.get()
                .getOrComputeResource(ChallengeRules.class.getName(), key -> new HashMap<>());
        return read.computeIfAbsent(challengeId, this::read);
    }

    private Optional<ChallengeRule> read(String challengeId) {
        return jdbc.sql("""
                        SELECT c.challenge_id, c.track_id, c.xp, t.premium, t.prerequisite_track_id,
                               ARRAY(SELECT p.lesson_id FROM lesson_rule p WHERE p.track_id = t.prerequisite_track_id),
                               c.style, c.time_limit_ms, c.tests::text
                        FROM challenge_rule c JOIN track_rule t ON t.track_id = c.track_id
                        WHERE c.challenge_id = ?""")
                .param(challengeId)
                .query((rs, n) -> new ChallengeRule(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                        rs.getString(5), Arrays.asList((String[]) rs.getArray(6).getArray()),
                        ChallengeStyle.valueOf(rs.getString(7)), rs.getInt(8),
                        List.of(json.readValue(rs.getString(9), ChallengeTest[].class))))
                .optional();
    }
}
