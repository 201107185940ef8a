package dev.pylearn.projections.support;

import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Markdown that others wrote (a learner's forum post, the tutor's answer, which a model wrote and a
 * question can steer) as the HTML a page shows. Two layers, because either alone has been broken
 * before: commonmark escapes raw HTML and drops unsafe link schemes, then jsoup's {@link Safelist}
 * keeps only formatting elements and {@code http}, {@code https} and {@code mailto} links (with
 * {@code rel="nofollow ugc noopener"}): no script, style, iframe, form or image, no event handler or
 * {@code style} attribute, no {@code javascript:} or {@code data:} URL survives. Fenced code keeps its
 * {@code language-*} class, which the pages' highlighting reads. Rendered by the projections, so a
 * replay renders every post and answer again with the sanitizer of the day.
 */
public final class MarkdownHtml {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true).sanitizeUrls(true).build();
    private static final Safelist SAFELIST = Safelist.basic()
            .addTags("h1", "h2", "h3", "h4", "h5", "h6", "hr", "del", "table", "thead", "tbody", "tr", "th", "td")
            .addAttributes("code", "class")
            .removeEnforcedAttribute("a", "rel")
            .addEnforcedAttribute("a", "rel", "nofollow ugc noopener")
            .removeProtocols("a", "href", "ftp");
    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);

    private MarkdownHtml() {
    }

    public static String render(String markdown) {
        String html = RENDERER.render(PARSER.parse(markdown));
        return Jsoup.clean(html, "", SAFELIST, OUTPUT);
    }
}
