package dev.pylearn.api.achievement;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every achievement definition from the content files; only changes become events. */
public record PublishAchievements(@TargetAggregateIdentifier String catalogId, List<AchievementDefinition> definitions) {

    /** The id of the one achievement catalog. */
    public static final String CATALOG = "achievements";
}
