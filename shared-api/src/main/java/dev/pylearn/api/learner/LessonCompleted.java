package dev.pylearn.api.learner;

import java.time.Instant;
import java.time.LocalDate;

/** A learner completed a lesson for the first time; {@code localDate} is the day in the learner's time zone. */
public record LessonCompleted(String learnerId, String lessonId, String trackId, LocalDate localDate,
                              Instant completedAt) {
}
