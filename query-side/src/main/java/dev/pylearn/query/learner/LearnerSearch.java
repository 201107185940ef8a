package dev.pylearn.query.learner;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.FindLearners;
import dev.pylearn.api.learner.LearnerSummaryView;
import dev.pylearn.query.web.Queries;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins find learners by the start of their username, case-insensitively: one statement, a range
 * scan of {@code learner_dashboard_username_prefix_idx} (lower(username) with text_pattern_ops, V15).
 * Not cached: an admin acting on a learner wants the row as it is now.
 *
 * <p>The roles come from the {@code account} row (joined by its primary key) because they are not in
 * any read model: the first admin's roles are set at registration, which no event carries.
 */
@Component
class LearnerSearch {

    static final int MAX_RESULTS = 50;

    private final JdbcClient jdbc;

    LearnerSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<LearnerSummaryView> handle(FindLearners query) {
        String prefix = query.usernamePrefix() == null ? "" : query.usernamePrefix().strip();
        if (prefix.isEmpty()) {
            throw Rejection.invalid("invalid-username-prefix", "Type the start of a username to search for.");
        }
        if (prefix.length() > 64) {
            throw Rejection.invalid("invalid-username-prefix", "A username has at most 64 characters.");
        }
        int limit = Math.max(1, Math.min(query.limit(), MAX_RESULTS));
        return jdbc.sql("""
                        SELECT d.learner_id, d.username, d.display_name, d.xp, d.level, d.premium, a.roles
                        FROM learner_dashboard d LEFT JOIN account a ON a.learner_id = d.learner_id
                        WHERE lower(d.username) LIKE ? ESCAPE '\\'
                        ORDER BY lower(d.username)
                        LIMIT ?""")
                .param(likePrefix(prefix)).param(limit)
                .query((rs, n) -> new LearnerSummaryView(rs.getString("learner_id"), rs.getString("username"),
                        rs.getString("display_name"), rs.getLong("xp"), rs.getInt("level"), rs.getBoolean("premium"),
                        roles(rs.getString("roles"))))
                .list();
    }

    /** The prefix as a LIKE pattern: its own {@code % _ \} match themselves. */
    static String likePrefix(String prefix) {
        return prefix.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%";
    }

    private static Set<String> roles(String stored) {
        if (stored == null || stored.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(stored.split(",")));
    }
}

/** {@code GET /api/admin/learners?username=<prefix>} (ADMIN): the same search as the admin page's. */
@RestController
class LearnerSearchController {

    private final Queries queries;

    LearnerSearchController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/admin/learners")
    List<LearnerSummaryView> search(@RequestParam(defaultValue = "") String username,
                                    @RequestParam(defaultValue = "20") int limit) {
        return queries.many(new FindLearners(username, limit), LearnerSummaryView.class);
    }
}
