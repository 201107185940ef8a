package dev.pylearn.api.catalog;

/** How many events a {@link PublishTrack} produced: 0 when the content was unchanged. */
public record TrackPublicationResult(String trackId, int eventsPublished) {
}
