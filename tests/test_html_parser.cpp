#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>

#include "html_parser.h"
#include "test_support.h"

using gazette::Article;
using gazette::ParseInput;
using gazette::ParseResult;

namespace {

ParseResult parse_result(std::string_view html, const std::string& path = "news/story.html") {
    return gazette::parse_html(ParseInput{html, path});
}

Article parse(std::string_view html) {
    const ParseResult result = parse_result(html);
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    return result.articles.front();
}

Article parse_fixture(const std::string& name) {
    return parse(gazette::test::read_file(GAZETTE_SOURCE_DIR "/tests/fixtures/html/" + name));
}

// A page with the given <head> content and <body> content.
std::string page(std::string_view head, std::string_view body) {
    return "<!DOCTYPE html><html><head>" + std::string(head) + "</head><body>" + std::string(body) +
           "</body></html>";
}

std::string repeat(std::string_view text, size_t times) {
    std::string out;
    out.reserve(text.size() * times);
    for (size_t i = 0; i < times; ++i) out += text;
    return out;
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(path_from_input_and_no_id_of_its_own) {
    const ParseResult result = parse_result(page("", "<p>Text.</p>"), "city/2021/tram.html");
    BOOST_TEST(result.articles.front().source_id == "");
    BOOST_TEST(!result.many);
    BOOST_TEST(result.articles.front().path == "city/2021/tram.html");
    BOOST_TEST(result.warnings.empty());
}

BOOST_AUTO_TEST_CASE(headline_from_og_title) {
    const Article a = parse(page(
        R"(<title>Tram Vote | The Ledger</title>
           <meta property="og:title" content="Council  Approves Tram Extension">)",
        "<article><h1>Tram vote tonight</h1><p>Text.</p></article>"));
    BOOST_TEST(a.headline == "Council Approves Tram Extension");
}

BOOST_AUTO_TEST_CASE(og_title_loses_site_name_suffix) {
    const Article a = parse(page(
        R"(<meta property="og:title" content="Tram Extension Approved - The Ledger">
           <meta property="og:site_name" content="The Ledger">)",
        "<p>Text.</p>"));
    BOOST_TEST(a.headline == "Tram Extension Approved");
    BOOST_TEST(a.source == "The Ledger");
}

BOOST_AUTO_TEST_CASE(headline_from_json_ld) {
    const Article a = parse(page(
        R"(<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry Fares Rise"}</script>)",
        "<h1>The Ledger</h1><p>Text.</p>"));
    BOOST_TEST(a.headline == "Ferry Fares Rise");
}

BOOST_AUTO_TEST_CASE(headline_from_h1_when_no_meta) {
    const Article a = parse(page("<title>Site</title>",
                                 "<header><h1>The Ledger</h1></header><h1>Outside</h1>"
                                 "<article><h1>Ferry  Fares Rise</h1><p>Text.</p></article>"));
    BOOST_TEST(a.headline == "Ferry Fares Rise");
    BOOST_TEST(a.body == "Text.");
}

BOOST_AUTO_TEST_CASE(headline_from_title_without_site_name) {
    BOOST_TEST(
        parse(page("<title>Ferry Fares Rise | The Port Aldren Ledger</title>", "")).headline ==
        "Ferry Fares Rise");
    BOOST_TEST(parse(page("<title>Ferry Fares Rise - BBC News</title>", "")).headline ==
               "Ferry Fares Rise");
    // A long or lowercase tail is part of the headline.
    BOOST_TEST(parse(page("<title>Mayor resigns - and nobody is surprised</title>", "")).headline ==
               "Mayor resigns - and nobody is surprised");
    const Article named = parse(page(
        R"(<title>Fares Rise - Again | Aldren Valley Courier</title>
           <meta property="og:site_name" content="Aldren Valley Courier">)",
        ""));
    BOOST_TEST(named.headline == "Fares Rise - Again");
}

BOOST_AUTO_TEST_CASE(byline_from_meta_author) {
    const Article a =
        parse(page(R"(<meta name="author" content="By  Jane Doe |">)", "<p>Text.</p>"));
    BOOST_TEST(a.byline == "Jane Doe");
}

BOOST_AUTO_TEST_CASE(byline_from_article_author_unless_url) {
    const Article named =
        parse(page(R"(<meta property="article:author" content="John Roe">)", "<p>Text.</p>"));
    BOOST_TEST(named.byline == "John Roe");
    const Article url = parse(
        page(R"(<meta property="article:author" content="https://www.facebook.com/john.roe">)",
             "<p>Text.</p>"));
    BOOST_TEST(url.byline == "");
}

BOOST_AUTO_TEST_CASE(byline_from_json_ld_author_string) {
    const Article a = parse(page(
        R"(<script type="application/ld+json">{"@type": "Article", "author": "Jane Doe"}</script>)",
        "<p>Text.</p>"));
    BOOST_TEST(a.byline == "Jane Doe");
}

BOOST_AUTO_TEST_CASE(byline_from_json_ld_author_object) {
    const Article a = parse(page(
        R"(<script type="application/ld+json">
           [{"@type": "WebPage"}, {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}}]
           </script>)",
        "<p>Text.</p>"));
    BOOST_TEST(a.byline == "Jane Doe");
}

BOOST_AUTO_TEST_CASE(byline_from_json_ld_author_list) {
    const Article a = parse(page(
        R"(<script type="application/ld+json">
           {"@graph": [{"@type": "WebSite", "name": "Ledger"},
                       {"@type": "ReportageNewsArticle",
                        "author": [{"name": "Jane Doe"}, "John Roe", {"name": "Ann Poe"}]}]}
           </script>)",
        "<p>Text.</p>"));
    BOOST_TEST(a.byline == "Jane Doe, John Roe and Ann Poe");
}

BOOST_AUTO_TEST_CASE(byline_from_by_element) {
    const Article a = parse(page("", R"(<article><h1>Headline</h1>
        <div class="article-byline">By <a href="/staff/jd">Jane Doe</a> and John Roe</div>
        <p>Text.</p></article>)"));
    BOOST_TEST(a.byline == "Jane Doe and John Roe");
    BOOST_TEST(a.body == "Text.");
}

BOOST_AUTO_TEST_CASE(byline_from_itemprop_author_without_by) {
    const Article a = parse(page("", R"(<article><h1>Headline</h1>
        <span itemprop="author"><span itemprop="name">Jane Doe</span></span>
        <p>Text.</p></article>)"));
    BOOST_TEST(a.byline == "Jane Doe");
    BOOST_TEST(a.body == "Text.");
}

BOOST_AUTO_TEST_CASE(author_element_with_prose_is_not_byline) {
    const Article a = parse(page("", R"(<article><h1>Headline</h1><p>Text.</p>
        <p class="author-bio">Jane Doe is a reporter who covers the waterfront.</p></article>)"));
    BOOST_TEST(a.byline == "");
    BOOST_TEST(contains(a.body, "Jane Doe is a reporter"));
}

BOOST_AUTO_TEST_CASE(byline_and_date_lines_taken_from_body_top) {
    const Article a = parse(page("", R"(<article><h1>Headline</h1>
        <p>By Jane Doe</p><p>Published June 23, 2021</p>
        <p>By 2030 the port will double in size.</p></article>)"));
    BOOST_TEST(a.byline == "Jane Doe");
    BOOST_TEST(a.date == "2021-06-23");
    BOOST_TEST(a.body == "By 2030 the port will double in size.");
}

BOOST_AUTO_TEST_CASE(date_from_published_time) {
    const Article a = parse(page(
        R"(<meta property="article:published_time" content="2021-06-23T08:15:00-04:00">
           <meta name="date" content="2020-01-01">)",
        R"(<article><time datetime="2019-05-05">May 5</time><p>Text.</p></article>)"));
    BOOST_TEST(a.date == "2021-06-23");
}

BOOST_AUTO_TEST_CASE(date_from_json_ld) {
    const Article a = parse(page(
        R"(<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-03-09T19:40:00Z"}</script>)",
        R"(<time datetime="2019-05-05">May 5</time><p>Text.</p>)"));
    BOOST_TEST(a.date == "2022-03-09");
}

BOOST_AUTO_TEST_CASE(date_from_time_element) {
    const Article a = parse(page("", R"(
        <aside><time datetime="2019-05-05">May 5</time></aside>
        <article><h1>Headline</h1><time datetime="2021-08-07T09:00:00Z">August 7, 2021</time>
        <p>The vote was on <time datetime="2021-08-03">Tuesday</time>.</p></article>)"));
    BOOST_TEST(a.date == "2021-08-07");
    BOOST_TEST(a.body == "The vote was on Tuesday.");
}

BOOST_AUTO_TEST_CASE(date_from_meta_date) {
    const Article a =
        parse(page(R"(<meta name="date" content="October 3, 2019">)", "<p>Text.</p>"));
    BOOST_TEST(a.date == "2019-10-03");
}

BOOST_AUTO_TEST_CASE(bad_date_warns_and_falls_back) {
    const ParseResult result =
        parse_result(page(R"(<meta property="article:published_time" content="sometime soon">
                <meta name="date" content="2019-10-03">)",
                          "<p>Text.</p>"),
                     "x.html");
    BOOST_TEST(result.articles.front().date == "2019-10-03");
    BOOST_REQUIRE_EQUAL(result.warnings.size(), 1u);
    BOOST_TEST(contains(result.warnings.front(), "sometime soon"));
}

BOOST_AUTO_TEST_CASE(section_source_url_from_meta) {
    const Article a = parse(page(
        R"(<meta property="article:section" content="Business">
           <meta property="og:site_name" content="The Ledger">
           <meta property="og:url" content="https://ledger.example.com/a?utm=x">
           <link rel="canonical" href="https://ledger.example.com/a">)",
        "<p>Text.</p>"));
    BOOST_TEST(a.section == "Business");
    BOOST_TEST(a.source == "The Ledger");
    BOOST_TEST(a.url == "https://ledger.example.com/a");
    BOOST_TEST(
        parse(page(R"(<meta property="og:url" content="https://x.example/b">)", "<p>T</p>")).url ==
        "https://x.example/b");
}

BOOST_AUTO_TEST_CASE(section_and_source_from_json_ld) {
    const Article a = parse(page(R"(<script type="application/ld+json">
        {"@type": ["NewsArticle"], "articleSection": ["Local", "Transport"],
         "publisher": {"@type": "Organization", "name": "Aldren Valley Courier"}}</script>)",
                                 "<p>Text.</p>"));
    BOOST_TEST(a.section == "Local");
    BOOST_TEST(a.source == "Aldren Valley Courier");
}

BOOST_AUTO_TEST_CASE(malformed_json_ld_ignored) {
    const Article a = parse(page(
        R"(<script type="application/ld+json">{"@type": "NewsArticle", "author": </script>
           <script type="application/ld+json">{"@type": 7, "author": {"name": ["x"]}}</script>
           <script type="application/ld+json">{"@type": "NewsArticle", "author": "Jane Doe"}</script>)",
        "<p>Text.</p>"));
    BOOST_TEST(a.byline == "Jane Doe");
    const Article deep = parse(page(R"(<script type="application/ld+json">{"@type": )" +
                                        repeat("[", 100000) + repeat("]", 100000) + "}</script>",
                                    "<p>Text.</p>"));
    BOOST_TEST(deep.body == "Text.");
}

BOOST_AUTO_TEST_CASE(body_from_article) {
    const Article a = parse(page("", R"(<p>Site intro.</p>
        <article><p>Teaser.</p></article>
        <article><h1>Headline</h1><p>One.</p><p>Two, the longer story.</p></article>)"));
    BOOST_TEST(a.body == "One.\n\nTwo, the longer story.");
}

BOOST_AUTO_TEST_CASE(body_from_main_then_role_main_then_body) {
    BOOST_TEST(parse(page("", "<p>Intro.</p><main><p>Story.</p></main>")).body == "Story.");
    BOOST_TEST(parse(page("", R"(<p>Intro.</p><div role="main"><p>Story.</p></div>)")).body ==
               "Story.");
    BOOST_TEST(parse(page("", "<p>Intro.</p><div><p>Story.</p></div>")).body == "Intro.\n\nStory.");
}

BOOST_AUTO_TEST_CASE(body_drops_nav_script_aside_footer) {
    const Article a = parse(page("<style>p { color: red }</style>", R"(<article>
        <header><p>Kicker</p></header><nav>Home | News</nav>
        <p>One.</p><script>var x = "<p>code</p>";</script><style>.a{}</style>
        <noscript>Enable JavaScript</noscript><aside>Related stories</aside>
        <form><input value="q"><button>Search</button></form><iframe src="x"></iframe>
        <svg><text>chart label</text></svg><p>Two.</p><footer>Copyright</footer></article>)"));
    BOOST_TEST(a.body == "One.\n\nTwo.");
}

BOOST_AUTO_TEST_CASE(body_drops_figcaption_and_furniture) {
    const Article a = parse(page("", R"(<article><p>Share</p>
        <figure><img src="a.jpg" alt="Cranes"><figcaption>Cranes at dawn.</figcaption></figure>
        <p>One.</p><p>Advertisement</p><p>Two cranes arrived at the east terminal on Tuesday. Mara Lindqvist/AFP</p><p>Read more</p></article>)"));
    BOOST_TEST(a.body == "One.\n\nTwo cranes arrived at the east terminal on Tuesday.");
}

BOOST_AUTO_TEST_CASE(block_elements_break_paragraphs) {
    const Article a = parse(page("", R"(<article>Lead text<div>In a div</div>After div<br>After br
        <h2>Subhead</h2><ul><li>First item</li><li>Second item</li></ul>
        <blockquote>Quoted.</blockquote><section>Section text</section>
        <table><tr><td>Cell one</td><td>Cell two</td></tr></table></article>)"));
    BOOST_TEST(a.body ==
               "Lead text\n\nIn a div\n\nAfter div\n\nAfter br\n\nSubhead\n\nFirst item\n\n"
               "Second item\n\nQuoted.\n\nSection text\n\nCell one Cell two");
}

BOOST_AUTO_TEST_CASE(inline_text_joined_and_folded) {
    const Article a = parse(page("",
                                 "<article><p>  The   <b>harbor</b>\n  <a href=x>plan</a>,"
                                 "\t<em>un</em>veiled   today.  </p></article>"));
    BOOST_TEST(a.body == "The harbor plan, unveiled today.");
}

BOOST_AUTO_TEST_CASE(headline_repeat_dropped_from_body) {
    const std::string head = R"(<meta property="og:title" content="Ferry Fares Rise">)";
    BOOST_TEST(
        parse(page(head, "<article><p class=hed>Ferry  Fares Rise</p><p>Text.</p></article>"))
            .body == "Text.");
    // An <h1> in the story is the page's headline even when og:title words it differently.
    BOOST_TEST(
        parse(page(head, "<article><h1>Ferry fares to rise 10%</h1><p>Text.</p></article>")).body ==
        "Text.");
    BOOST_TEST(parse(page(head, "<article><p>Text.</p><p>Ferry Fares Rise</p></article>")).body ==
               "Text.\n\nFerry Fares Rise");
}

BOOST_AUTO_TEST_CASE(entities_decoded) {
    const Article a =
        parse(page(R"(<meta property="og:title" content="Fish &amp; Chips &#8217;n&#x27; More">)",
                   "<p>&ldquo;Caf&eacute;&rdquo; &lt;b&gt; 5&nbsp;km &mdash; &#169;</p>"));
    BOOST_TEST(a.headline == "Fish & Chips \u2019n' More");
    BOOST_TEST(a.body == "\u201cCaf\u00e9\u201d <b> 5 km \u2014 \u00a9");
}

BOOST_AUTO_TEST_CASE(no_text_throws) {
    BOOST_CHECK_THROW(parse_result(""), gazette::ParseError);
    BOOST_CHECK_THROW(parse_result(page("<script>x()</script>", "<nav>Home</nav>  ")),
                      gazette::ParseError);
}

BOOST_AUTO_TEST_CASE(malformed_html_still_parses) {
    const Article a = parse(R"(<p>Unclosed <b>bold <i>italic</b> text</i></span></div>
        <p>Second <a href="x>broken attribute</a> <div class='a' id=b>Third<p class="unterminated)");
    BOOST_TEST(contains(a.body, "Unclosed bold italic text"));
    BOOST_TEST(contains(a.body, "Second"));
    BOOST_TEST(parse("<<<>>></>&&&;&#99999999;<p>text</p></p></td>").body.ends_with("text"));
}

BOOST_AUTO_TEST_CASE(deep_nesting_does_not_crash) {
    constexpr size_t kDepth = 100000;
    const Article a = parse(page(
        "", repeat("<div>", kDepth) + "Deep text." + repeat("</div>", kDepth) + "<p>After.</p>"));
    BOOST_TEST(a.body == "Deep text.\n\nAfter.");
}

BOOST_AUTO_TEST_CASE(deep_unclosed_nesting_does_not_crash) {
    constexpr size_t kDepth = 100000;
    const Article a = parse(repeat("<span><b><section><blockquote>x", kDepth / 4) + "<p>End.</p>");
    BOOST_TEST(a.body.ends_with("End."));
    const Article tables = parse(repeat("<table><tr><td>", kDepth / 3) + "Cell");
    BOOST_TEST(tables.body.ends_with("Cell"));
}

BOOST_AUTO_TEST_CASE(sniffs_html) {
    BOOST_TEST(gazette::looks_like_html("<!DOCTYPE html>\n<html><body>x</body></html>"));
    BOOST_TEST(gazette::looks_like_html("\xEF\xBB\xBF  \n<HTML lang=en>"));
    BOOST_TEST(gazette::looks_like_html("<!-- saved page -->\n<Head><title>x</title>"));
    BOOST_TEST(gazette::looks_like_html("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"));
    BOOST_TEST(gazette::looks_like_html("<article><p>Fragment</p></article>"));
    BOOST_TEST(gazette::looks_like_html("<body>"));
    BOOST_TEST(!gazette::looks_like_html("Headline\n\nThe <html> tag starts a page."));
    BOOST_TEST(!gazette::looks_like_html("<p>Just a paragraph</p>"));
    BOOST_TEST(!gazette::looks_like_html("{\"headline\": \"<html>\"}"));
    BOOST_TEST(!gazette::looks_like_html(""));
    BOOST_TEST(!gazette::looks_like_html("<" + std::string(2000, ' ') + "<html>"));
}

BOOST_AUTO_TEST_CASE(fixture_full_news_page) {
    const Article a = parse_fixture("ledger_harbor.html");
    BOOST_TEST(a.headline == "Harbor Authority Unveils $2 Billion Expansion Plan");
    BOOST_TEST(a.byline == "Daniel Osei");
    BOOST_TEST(a.date == "2021-06-23");
    BOOST_TEST(a.section == "Business");
    BOOST_TEST(a.source == "The Port Aldren Ledger");
    BOOST_TEST(a.url == "https://ledger.example.com/business/2021/06/23/harbor-expansion");
    BOOST_TEST(a.body ==
               "PORT ALDREN \u2014 The Port Aldren Harbor Authority on Tuesday released a $2 "
               "billion plan to deepen the main channel and double the capacity of the east "
               "container terminal by 2030.\n\n"
               "\u201cThis is the largest investment in the waterfront since the 1970s,\u201d "
               "said Harbor Commissioner Renata Voss. The plan still needs approval from the "
               "city council & the state port board.\n\n"
               "Jobs and traffic\n\n"
               "Union leaders welcomed the estimated 1,400 construction jobs, while residents of "
               "the Eastside neighborhood worried about truck traffic on Ferry Road.\n\n"
               "Public hearings begin July 12.");
}

BOOST_AUTO_TEST_CASE(fixture_json_ld_graph_page) {
    const Article a = parse_fixture("courier_graph.html");
    BOOST_TEST(a.headline == "Tram Line Extension Clears Final Vote");
    BOOST_TEST(a.byline == "Imogen Thackwray and Wendell Park");
    BOOST_TEST(a.date == "2022-03-09");
    BOOST_TEST(a.section == "Local");
    BOOST_TEST(a.source == "Aldren Valley Courier");
    BOOST_TEST(a.body ==
               "The city council voted 7-2 on Wednesday night to extend the Green Line tram four "
               "stops north to the hospital campus.\n\n"
               "Construction is expected to start next spring.\n\nService could begin in 2025.\n\n"
               "We have waited twenty years for this, said one resident.\n\n"
               "Four new stops\n\n$310 million budget");
}

BOOST_AUTO_TEST_CASE(fixture_byline_element_page) {
    const Article a = parse_fixture("gazette_byline.html");
    BOOST_TEST(a.headline == "Vaccine Clinic Draws Long Lines on First Day");
    BOOST_TEST(a.byline == "Priya Raman and Tomas Herrera");
    BOOST_TEST(a.date == "2021-08-07");
    BOOST_TEST(a.source == "");
    BOOST_TEST(a.body ==
               "Hundreds of residents lined up before dawn on Saturday outside the new vaccine "
               "clinic at the Eastside community center.\n\n"
               "By early afternoon the clinic had given 640 doses, organizers said.");
}

BOOST_AUTO_TEST_CASE(fixture_malformed_page) {
    const Article a = parse_fixture("malformed.html");
    BOOST_TEST(a.headline == "Storm Closes Coastal Highway");
    BOOST_TEST(a.byline == "Lou Carver");
    BOOST_TEST(a.date == "2019-10-03");
    BOOST_TEST(
        contains(a.body, "High surf and winds of 70 mph closed Coastal Highway 1 on Thursday,"));
    BOOST_TEST(contains(a.body, "stranding dozens of drivers near Gull Point."));
    BOOST_TEST(contains(a.body, "Crews expect to reopen the road by Saturday."));
    BOOST_TEST(contains(a.body, "Unclosed block at the end"));
}

BOOST_AUTO_TEST_CASE(control_character_references_dropped) {
    // &#27; is ESC: kept, it would reach the terminal of whoever reads the results.
    const Article a = parse(
        "<html><head><meta name=\"author\" content=\"Jane&#7; Doe\"></head><body><article>"
        "<h1>Harbor&#27;[31m dredging</h1><p>Work &#1;starts in May.</p></article></body></html>");
    BOOST_TEST(a.headline == "Harbor[31m dredging");
    BOOST_TEST(a.byline == "Jane Doe");
    BOOST_TEST(a.body == "Work starts in May.");
}
