package dev.pylearn.infra.roles;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;

/**
 * The roles this process runs, from {@code pylearn.roles} ({@code PYLEARN_ROLES}): a comma-separated
 * subset of {@code web, api, projections, worker, operations}, all of them when unset. The same jar
 * runs any subset; {@link ConditionalOnRole} is the one way code asks which.
 *
 * <p>Every node handles commands and queries whatever its roles: Axon's command and query buses are
 * local without Axon Server, so the node that sends a command (a page, an API call, the worker's
 * verdict) must handle it, and the event store's (aggregate, sequence) key keeps nodes from
 * overwriting each other. What a role adds is who may ask: HTTP endpoints ({@code web}, {@code api},
 * {@code operations}) and event processors ({@code projections}, {@code worker}).
 */
public record Roles(Set<Role> active) {

    public static final String PROPERTY = "pylearn.roles";

    public enum Role {
        /** The HTML pages (infra/web). */
        WEB,
        /** The JSON API of the command and query sides, and the admin monitor. */
        API,
        /** The projections' event processors (read-model tables, Redis leaderboards). */
        PROJECTIONS,
        /** The execution worker's event processor: judges submissions. */
        WORKER,
        /** Projection operations: replays, blue-green rebuilds, dead-letter retries and their admin API. */
        OPERATIONS;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Roles {
        active = active.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(active);
        if (active.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " names no role; use some of " + words(EnumSet.allOf(Role.class)));
        }
        if (active.contains(Role.OPERATIONS) && !active.contains(Role.PROJECTIONS)) {
            // replays and rebuilds run the projections' own handlers, and stop and start their processors
            throw new IllegalArgumentException(PROPERTY + "=" + words(active)
                    + ": the operations role runs the projections' handlers and needs the projections role too");
        }
    }

    /** The roles of {@code pylearn.roles}; unset or blank means all. */
    public static Roles from(Environment environment) {
        return parse(environment.getProperty(PROPERTY, ""));
    }

    static Roles parse(String text) {
        if (text.isBlank()) {
            return new Roles(EnumSet.allOf(Role.class));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String word : text.split(",")) {
            String trimmed = word.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            roles.add(Arrays.stream(Role.values()).filter(role -> role.word().equalsIgnoreCase(trimmed)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(PROPERTY + " has an unknown role '" + trimmed
                            + "'; the roles are " + words(EnumSet.allOf(Role.class)))));
        }
        return new Roles(roles);
    }

    public boolean has(Role role) {
        return active.contains(role);
    }

    /** Whether anyone outside may call this node: pages, the API or the admin API. */
    public boolean servesPublicHttp() {
        return has(Role.WEB) || has(Role.API) || has(Role.OPERATIONS);
    }

    @Override
    public String toString() {
        return words(active);
    }

    private static String words(Set<Role> roles) {
        return roles.stream().map(Role::word).collect(Collectors.joining(","));
    }
}
