package dev.pylearn.web.catalog;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.catalog.FindLesson;
import dev.pylearn.api.catalog.FindTrack;
import dev.pylearn.api.catalog.FindTracks;
import dev.pylearn.api.catalog.LessonView;
import dev.pylearn.api.catalog.TrackSummaryView;
import dev.pylearn.api.catalog.TrackView;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public catalog: home (every track), a track's modules, lessons and challenges, and a lesson.
 * Complete HTML in the first answer, readable without JavaScript; each is one query, the same the
 * API answers ({@code /api/tracks}, {@code /api/tracks/{id}}, {@code /api/lessons/{id}}), cached as
 * the API's are. With a session the ticks, locks and "completed" are the learner's own.
 */
@Controller
class CatalogPages {

    private final Queries queries;

    CatalogPages(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("tracks", queries.many(new FindTracks(), TrackSummaryView.class));
        return "catalog/home";
    }

    @GetMapping("/tracks/{trackId}")
    String track(@PathVariable String trackId, Principal viewer, Model model) {
        model.addAttribute("track", queries.one(new FindTrack(trackId, idOf(viewer)), TrackView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-track", "There is no track '" + trackId + "'.")));
        return "catalog/track";
    }

    /** A premium lesson without premium shows what it is and how to read it, instead of its body. */
    @GetMapping("/lessons/{lessonId}")
    String lesson(@PathVariable String lessonId, @RequestParam(required = false) Integer earned, Principal viewer,
                  Model model) {
        model.addAttribute("earned", earned);
        model.addAttribute("lesson", queries.one(new FindLesson(lessonId, idOf(viewer)), LessonView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-lesson", "There is no lesson '" + lessonId + "'.")));
        return "catalog/lesson";
    }

    private static String idOf(Principal viewer) {
        return viewer == null ? null : viewer.getName();
    }
}
