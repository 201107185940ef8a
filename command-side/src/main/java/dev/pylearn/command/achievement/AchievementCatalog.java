package dev.pylearn.command.achievement;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.achievement.AchievementDefinition;
import dev.pylearn.api.achievement.AchievementKind;
import dev.pylearn.api.achievement.AchievementPublished;
import dev.pylearn.api.achievement.AchievementRetired;
import dev.pylearn.api.achievement.PublishAchievements;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** The achievement definitions as last published; republishing the same content changes nothing. */
@Aggregate
public class AchievementCatalog {

    @AggregateIdentifier
    private String catalogId;
    private final Map<String, AchievementPublished> published = new LinkedHashMap<>();

    protected AchievementCatalog() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(PublishAchievements command) {
        catalogId = command.catalogId();
        Set<String> ids = new HashSet<>();
        int events = 0;
        for (int position = 0; position < command.definitions().size(); position++) {
            AchievementDefinition definition = command.definitions().get(position);
            validate(definition, ids);
            AchievementPublished event = new AchievementPublished(position, definition);
            if (!event.equals(published.get(definition.achievementId()))) {
                apply(event);
                events++;
            }
        }
        for (String id : new LinkedHashSet<>(published.keySet())) {
            if (!ids.contains(id)) {
                apply(new AchievementRetired(id));
                events++;
            }
        }
        return events;
    }

    private static void validate(AchievementDefinition definition, Set<String> ids) {
        if (definition.achievementId() == null || !ids.add(definition.achievementId())) {
            throw Rejection.invalid("invalid-content", "Achievement id '" + definition.achievementId()
                    + "' is missing or used twice.");
        }
        try {
            AchievementKind kind = AchievementKind.of(definition.kind());
            if (kind == AchievementKind.TRACK_COMPLETED && definition.trackId() == null) {
                throw Rejection.invalid("invalid-content", "Achievement " + definition.achievementId()
                        + " counts a completed track: name it with 'track'.");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Rejection.invalid("invalid-content", "Achievement " + definition.achievementId()
                    + " has an unknown kind '" + definition.kind() + "'.");
        }
        if (definition.threshold() < 1 || definition.xp() < 0 || definition.title() == null) {
            throw Rejection.invalid("invalid-content", "Achievement " + definition.achievementId()
                    + " needs a title, a threshold of at least 1 and an XP reward of 0 or more.");
        }
    }

    @EventSourcingHandler
    void on(AchievementPublished event) {
        catalogId = PublishAchievements.CATALOG;
        published.put(event.definition().achievementId(), event);
    }

    @EventSourcingHandler
    void on(AchievementRetired event) {
        published.remove(event.achievementId());
    }
}
