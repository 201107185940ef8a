package dev.pylearn.api.analytics;

/**
 * The first {@code rows} rows of one analyst view, named as in {@code /api/analytics/{view}}
 * ({@code daily-activity}, ...); answered with an {@link AnalystPreviewView}.
 */
public record FindAnalystPreview(String view, int rows) {
}
