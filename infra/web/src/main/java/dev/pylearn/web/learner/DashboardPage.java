package dev.pylearn.web.learner;

import dev.pylearn.api.learner.Level;
import dev.pylearn.api.progress.DashboardView;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the dashboard shows: the learner's dashboard view, XP within the current level (for the bar
 * to the next one), the activity calendar, the lesson to continue with, and track titles by id
 * (to name the track a locked one waits for).
 */
public record DashboardPage(DashboardView dashboard, ActivityCalendar calendar) {

    public long levelStartXp() {
        return Level.threshold(dashboard.level());
    }

    /** XP earned inside the current level. */
    public long xpIntoLevel() {
        return dashboard.xp() - levelStartXp();
    }

    /** XP the current level spans, from its threshold to the next level's. */
    public long levelSpan() {
        return dashboard.xpForNextLevel() - levelStartXp();
    }

    public long xpToNextLevel() {
        return dashboard.xpForNextLevel() - dashboard.xp();
    }

    /**
     * Where "continue" leads: the first open track already started and not finished, else the first
     * open track with a lesson left; null when every open track is done.
     */
    public DashboardView.TrackProgress continueTrack() {
        List<DashboardView.TrackProgress> open = dashboard.tracks().stream()
                .filter(track -> !track.locked() && track.nextLesson() != null).toList();
        return open.stream().filter(track -> track.completedLessons() > 0).findFirst()
                .orElse(open.isEmpty() ? null : open.get(0));
    }

    public String trackTitle(String trackId) {
        Map<String, String> titles = dashboard.tracks().stream().collect(Collectors.toMap(
                DashboardView.TrackProgress::trackId, DashboardView.TrackProgress::title, (a, b) -> a));
        return titles.getOrDefault(trackId, trackId);
    }
}
