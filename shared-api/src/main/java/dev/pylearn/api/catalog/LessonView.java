package dev.pylearn.api.catalog;

/**
 * A lesson page: the Markdown body and the HTML rendered from it at import, XP, whether the caller
 * has completed it, and its neighbours in the track's order (null at either end) so the page can
 * link to them without a second lookup. Body and HTML are null when the track is premium and the
 * caller is not.
 */
public record LessonView(String lessonId, String trackId, String moduleId, String title, int xp, boolean premium,
                         boolean completed, String body, String html, String trackTitle,
                         Neighbour previous, Neighbour next) {

    /** The lesson before or after this one in its track. */
    public record Neighbour(String lessonId, String title) {
    }
}
