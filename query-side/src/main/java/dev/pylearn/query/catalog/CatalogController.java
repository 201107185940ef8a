package dev.pylearn.query.catalog;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.catalog.FindLesson;
import dev.pylearn.api.catalog.FindTrack;
import dev.pylearn.api.catalog.FindTracks;
import dev.pylearn.api.catalog.LessonView;
import dev.pylearn.api.catalog.TrackSummaryView;
import dev.pylearn.api.catalog.TrackView;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The public catalog. With a token, lesson flags are the caller's; premium lesson bodies need premium. */
@RestController
class CatalogController {

    private final Queries queries;

    CatalogController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/tracks")
    List<TrackSummaryView> tracks() {
        return queries.many(new FindTracks(), TrackSummaryView.class);
    }

    @GetMapping("/api/tracks/{trackId}")
    TrackView track(@PathVariable String trackId, Principal caller) {
        return queries.one(new FindTrack(trackId, idOf(caller)), TrackView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-track", "There is no track '" + trackId + "'."));
    }

    @GetMapping("/api/lessons/{lessonId}")
    LessonView lesson(@PathVariable String lessonId, Principal caller) {
        LessonView lesson = queries.one(new FindLesson(lessonId, idOf(caller)), LessonView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-lesson", "There is no lesson '" + lessonId + "'."));
        if (lesson.body() == null) {
            throw caller == null
                    ? new Rejection(Rejection.Kind.UNAUTHENTICATED, "authentication-required", "Authentication required",
                            "Lesson '" + lessonId + "' is premium content: log in with a premium account to read it.")
                    : new Rejection(Rejection.Kind.FORBIDDEN, "premium-required", "Premium required",
                            "Lesson '" + lessonId + "' is premium content: start a subscription to read it.");
        }
        return lesson;
    }

    private static String idOf(Principal caller) {
        return caller == null ? null : caller.getName();
    }
}
