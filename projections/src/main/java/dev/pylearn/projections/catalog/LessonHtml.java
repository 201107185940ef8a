package dev.pylearn.projections.catalog;

import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders a lesson's Markdown to the HTML its page shows, once, when the lesson is published: the
 * page then reads one column instead of parsing on every view. Raw HTML in the Markdown is
 * escaped and unsafe link schemes dropped, so even a careless lesson cannot put script on a page.
 * The leading {@code # Title} is left out because the page prints the title itself. Challenge
 * statements are rendered the same way.
 */
final class LessonHtml {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true).sanitizeUrls(true).build();

    private LessonHtml() {
    }

    static String render(String markdown) {
        if (markdown == null) {
            return null;
        }
        Node document = PARSER.parse(markdown);
        if (document.getFirstChild() instanceof Heading heading && heading.getLevel() == 1) {
            heading.unlink();
        }
        return RENDERER.render(document);
    }
}
