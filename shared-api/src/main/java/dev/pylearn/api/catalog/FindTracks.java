package dev.pylearn.api.catalog;

/** Every published track in catalog order; answered with a list of {@link TrackSummaryView}. */
public record FindTracks() {
}
