package dev.pylearn.infra.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Hostile Markdown, as learners could post it: every known way of getting script into a page through
 * Markdown or raw HTML (OWASP's XSS filter evasion cheat sheet, the commonmark and markdown-it security
 * reports, mutation XSS), written and edited through the API, must come back as HTML with nothing that
 * can run.
 */
class ForumXssTest extends ForumTest {

    static final List<String> VECTORS = List.of(
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](javascript&#58;alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](jav&#x09;ascript:alert(1))",
            "![pic](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<a href=\"#\" onclick=\"alert(1)\">x</a>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<details open ontoggle=alert(1)>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<embed src=\"javascript:alert(1)\">",
            "<form action=\"javascript:alert(1)\"><button>go</button></form>",
            "[vb](vbscript:msgbox(1))",
            "<base href=\"javascript:/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<input autofocus onfocus=alert(1)>",
            "<javascript:alert(1)>",
            "[ref][x]\n\n[x]: javascript:alert(1)",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<style>*{background:url(javascript:alert(1))}</style>",
            "<link rel=stylesheet href=\"javascript:alert(1)\">",
            "[x](\"onmouseover=\"alert(1))",
            "`code` <b onmouseover=alert(1)>bold</b>",
            "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
            "<textarea><script>alert(1)</script></textarea>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>");

    static final Set<String> FORBIDDEN_ELEMENTS = Set.of("script", "style", "iframe", "frame", "object", "embed",
            "form", "img", "svg", "math", "input", "button", "base", "meta", "link", "details", "noscript", "textarea",
            "select", "video", "audio", "source", "applet");

    @Test
    void hostileMarkdownLeavesNoExecutableContent() {
        assertThat(VECTORS).hasSizeGreaterThanOrEqualTo(20);
        Learner author = register();
        String thread = startThread(author, category(), "XSS", VECTORS.get(0));
        String post = api.get("/api/forum/threads/" + thread, null).json().get("posts").get(0).get("postId").asString();
        assertSafe(VECTORS.get(0), html(thread, 0));
        for (String vector : VECTORS.subList(1, VECTORS.size())) {
            Api.Response edited = api.put("/api/forum/posts/" + post, author.token(), Map.of("body", vector));
            assertThat(edited.status()).as(vector + ": " + edited.text()).isEqualTo(200);
            assertSafe(vector, html(thread, 0));
        }
        // and as new posts, which go through the insert path of the read model
        for (String vector : VECTORS.subList(1, 6)) {
            reply(author, thread, vector);
        }
        for (int i = 1; i <= 5; i++) {
            assertSafe(VECTORS.get(i), html(thread, i));
        }
    }

    /** A NUL would be a poison event: PostgreSQL refuses it in text, so no read model could ever copy the post. */
    @Test
    void controlCharactersAreRefusedBeforeTheyBecomeEvents() {
        Learner author = register();
        String category = category();
        Api.Response refused = api.post("/api/forum/categories/" + category + "/threads", author.token(),
                Map.of("title", "NUL", "body", "<a href=\"java\u0000script:alert(1)\">x</a>"));
        assertProblem(refused, 400, "invalid-characters");
        assertProblem(api.post("/api/forum/categories/" + category + "/threads", author.token(),
                Map.of("title", "bell\u0007", "body", "x")), 400, "invalid-characters");
        assertThat(jdbc.sql("SELECT count(*) FROM forum_thread WHERE category_id = ?").param(category)
                .query(Long.class).single()).isZero();
    }

    @Test
    void harmlessMarkdownSurvives() {
        Learner author = register();
        String thread = startThread(author, category(), "Fine", "A [link](https://docs.python.org/3/) and "
                + "<b>raw</b> `x < y`\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        String html = html(thread, 0);
        Document doc = Jsoup.parseBodyFragment(html);
        Element link = doc.selectFirst("a");
        assertThat(link.attr("href")).isEqualTo("https://docs.python.org/3/");
        assertThat(link.attr("rel")).isEqualTo("nofollow ugc noopener");
        assertThat(doc.select("table td")).hasSize(2);
        assertThat(doc.selectFirst("code").text()).isEqualTo("x < y");
        // raw HTML is shown as text, not interpreted
        assertThat(doc.select("b")).isEmpty();
        assertThat(doc.text()).contains("<b>raw</b>");
    }

    private String html(String thread, int index) {
        return api.get("/api/forum/threads/" + thread, null).json().get("posts").get(index).get("html").asString();
    }

    static void assertSafe(String vector, String html) {
        Document doc = Jsoup.parseBodyFragment(html);
        for (Element element : doc.body().getAllElements()) {
            assertThat(FORBIDDEN_ELEMENTS).as(vector + " -> " + html).doesNotContain(element.normalName());
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                assertThat(name).as(vector + " -> " + html).doesNotStartWith("on")
                        .isNotIn("style", "srcdoc", "formaction", "xlink:href", "action", "src");
                if (name.equals("href")) {
                    String url = attribute.getValue().replaceAll("[\\s\\p{Cntrl}]", "").toLowerCase(Locale.ROOT);
                    assertThat(url).as(vector + " -> " + html)
                            .matches("(https?:|mailto:|#|/|[^:]*$).*");
                }
            }
        }
        assertThat(html.toLowerCase(Locale.ROOT)).as(vector).doesNotContain("<script")
                .doesNotContain("<iframe");
    }
}
