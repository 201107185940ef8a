package dev.pylearn.infra.benchmark;

import dev.pylearn.infra.support.BrowserTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page budgets of the web app, as a browser meets them: for each page, from a cold cache (a new
 * browser), the bytes on the wire (HTML, CSS, JS and images, compressed, from the Resource Timing
 * entries' transfer sizes) and the first contentful paint. Budgets: a lesson page at most 100 KB,
 * the challenge page at most 400 KB with its editor, first contentful paint under 1 s on loopback.
 * Prints its figures; run with {@code ./mvnw -Pbenchmark verify -pl infra -am -Dtest=PageBudgetBenchmark}.
 */
@Tag("benchmark")
class PageBudgetBenchmark extends BrowserTest {

    private static final Map<String, Integer> BUDGET_KB = Map.of("/lessons/what-is-python", 100,
            "/challenges/letter-grade", 400);

    @Test
    void pageWeightAndFirstPaint() {
        Learner learner = register();
        List<String> rows = new ArrayList<>();
        for (String path : List.of("/", "/tracks/python-basics", "/lessons/what-is-python", "/challenges/letter-grade",
                "/dashboard", "/achievements", "/leaderboards", "/settings", "/premium")) {
            ChromeDriver cold = startBrowser(false);
            try {
                cold.get(url("/"));
                cold.manage().addCookie(new org.openqa.selenium.Cookie("pylearn_session", learner.token()));
                // warm the server's caches (not the browser's: a new browser comes for the measured load)
                cold.get(url(path));
            } finally {
                cold.quit();
            }
            ChromeDriver browser = startBrowser(false);
            try {
                browser.get(url("/favicon.ico"));
                browser.manage().addCookie(new org.openqa.selenium.Cookie("pylearn_session", learner.token()));
                browser.get(url(path));
                Map<?, ?> figures = (Map<?, ?>) ((JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const settle = () => {
                          const nav = performance.getEntriesByType('navigation')[0];
                          const resources = performance.getEntriesByType('resource');
                          const bytes = nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0);
                          const paint = performance.getEntriesByName('first-contentful-paint')[0];
                          done({bytes: bytes, html: nav.transferSize, files: resources.length,
                                fcp: paint ? paint.startTime : -1, status: nav.responseStatus || 0});
                        };
                        if (document.readyState === 'complete') { setTimeout(settle, 300); }
                        else { addEventListener('load', () => setTimeout(settle, 300)); }
                        """);
                long bytes = ((Number) figures.get("bytes")).longValue();
                Integer budget = BUDGET_KB.get(path);
                rows.add(String.format("%-28s %4s %8.1f KB %7.1f KB %5d files  FCP %6.0f ms  %s", path,
                        figures.get("status"), bytes / 1024.0, ((Number) figures.get("html")).longValue() / 1024.0,
                        ((Number) figures.get("files")).longValue(), ((Number) figures.get("fcp")).doubleValue(),
                        budget == null ? "" : String.format("budget %d KB: %s", budget,
                                bytes <= budget * 1024L ? "within" : "OVER")));
            } finally {
                browser.quit();
            }
        }
        System.out.printf("%nBENCHMARK page weight (compressed, cold cache) and first contentful paint on loopback%n");
        System.out.printf("%-28s %4s %11s %10s %11s  %s%n", "page", "HTTP", "total", "HTML", "", "FCP (target < 1000 ms)");
        rows.forEach(row -> System.out.println("BENCHMARK " + row));
    }
}
