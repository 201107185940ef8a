package dev.pylearn.api.catalog;

/** A track as the public catalog lists it. */
public record TrackSummaryView(String trackId, String title, String description, boolean premium,
                               String prerequisiteTrackId, int lessonCount) {
}
