package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Marks a lesson as completed by a learner; the first completion earns the lesson's XP. */
public record CompleteLesson(@TargetAggregateIdentifier String learnerId, String lessonId, Instant at) {
}
