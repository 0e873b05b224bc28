#include <boost/test/unit_test.hpp>

#include "render_html.h"

using namespace gazette;
using namespace gazette::html;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

Page page_for(const std::string& query) {
    Page page;
    page.script = "/gazette.cgi";
    page.request.query = query;
    page.request.limit = 10;
    return page;
}

Hit hostile_hit(size_t rank) {
    Hit h;
    h.rank = rank;
    h.id = "a\"b&c=<d>";
    h.headline = "<script>alert(1)</script>";
    h.headline_marked = {
        {"<", false}, {"script", true}, {">alert(1)</", false}, {"script", true}, {">", false}};
    h.byline = "\"><img src=x onerror=alert(1)>";
    h.date = "2024-01-02";
    h.section = "<b>section</b>";
    h.url = "javascript:alert(1)";
    h.snippet.fragments = {{{"a < b & ", false}, {"<match>", true}}, {{"' onmouseover='x", false}}};
    return h;
}

SearchResults hostile_results(size_t hits, size_t total) {
    SearchResults r;
    r.query = "<q>";
    r.total = total;
    r.limit = 10;
    for (size_t i = 1; i <= hits; ++i) r.hits.push_back(hostile_hit(i));
    r.facets = {{"section", {{"\"><script>x</script>", 3}, {"sport", 2}}}};
    r.suggestion = "\"><svg onload=alert(1)>";
    return r;
}

// Nothing that could start markup or a script survives from the input.
void check_no_injection(const std::string& html) {
    BOOST_TEST(!contains(html, "<script"));
    BOOST_TEST(!contains(html, "<img"));
    BOOST_TEST(!contains(html, "<svg"));
    BOOST_TEST(!contains(html, "<b>"));
    BOOST_TEST(!contains(html, "javascript:"));
    BOOST_TEST(!contains(html, "' onmouseover"));
    BOOST_TEST(!contains(html, "\" onerror"));
}

}  // namespace

BOOST_AUTO_TEST_CASE(hostile_hits_are_escaped) {
    const std::string html = results_page(page_for("\"><script>q</script>"), hostile_results(2, 2));
    check_no_injection(html);
    // The words the searcher marked in the headline, outside the escaped text.
    BOOST_TEST(contains(html, "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"));
    BOOST_TEST(contains(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    BOOST_TEST(contains(html, "<mark>&lt;match&gt;</mark>"));
    // The search box keeps the query, escaped for its attribute.
    BOOST_TEST(contains(html, "value=\"&quot;&gt;&lt;script&gt;q&lt;/script&gt;\""));
}

BOOST_AUTO_TEST_CASE(ids_and_values_are_percent_encoded_in_links) {
    const std::string html = results_page(page_for("a&b"), hostile_results(1, 1));
    BOOST_TEST(contains(html, "href=\"/gazette.cgi?q=a%26b&amp;doc=a%22b%26c%3D%3Cd%3E\""));
    BOOST_TEST(contains(html, "section=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"));
}

BOOST_AUTO_TEST_CASE(only_web_urls_are_linked) {
    BOOST_TEST(is_web_url("https://news.example/a?b=c"));
    BOOST_TEST(is_web_url("HTTP://news.example/"));
    for (const char* url :
         {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x",
          "//evil.example", "http://a b", "http://a\nb", " https://x", "file:///etc/passwd", ""})
        BOOST_TEST(!is_web_url(url), url);
    SearchResults r = hostile_results(1, 1);
    r.hits[0].url = "https://news.example/story?a=1&b=\"2\"";
    const std::string html = results_page(page_for("x"), r);
    BOOST_TEST(contains(html, "href=\"https://news.example/story?a=1&amp;b=&quot;2&quot;\""));
}

BOOST_AUTO_TEST_CASE(results_show_count_sort_facets_and_suggestion) {
    const std::string html = results_page(page_for("harbour"), hostile_results(3, 3));
    BOOST_TEST(contains(html, "3 results for “harbour”"));
    BOOST_TEST(contains(html, "Did you mean"));
    BOOST_TEST(contains(html, "?q=%22%3E%3Csvg+onload%3Dalert%281%29%3E\""));
    BOOST_TEST(contains(html, "<strong aria-current=\"true\">relevance</strong>"));
    BOOST_TEST(contains(html, "?q=harbour&amp;sort=oldest\""));
    BOOST_TEST(contains(html, "?q=harbour&amp;section=sport\">sport</a> <span class=\"count\">2"));
    BOOST_TEST(!contains(html, "rel=\"next\""));  // all on one page
}

BOOST_AUTO_TEST_CASE(pagination_keeps_query_filters_and_sort) {
    Page page = page_for("x");
    page.request.offset = 10;
    page.request.sort = SortOrder::kNewest;
    page.request.filters.of("year") = {"2024"};
    SearchResults r = hostile_results(10, 95);
    r.offset = 10;
    const std::string html = results_page(page, r);
    BOOST_TEST(
        contains(html, "rel=\"prev\" href=\"/gazette.cgi?q=x&amp;sort=date&amp;year=2024\""));
    BOOST_TEST(contains(
        html, "rel=\"next\" href=\"/gazette.cgi?q=x&amp;sort=date&amp;year=2024&amp;page=3\""));
    BOOST_TEST(contains(html, "Results 11–20 of about 95 for “x”"));
    // The active filter can be removed.
    BOOST_TEST(contains(
        html, "href=\"/gazette.cgi?q=x&amp;sort=date\" title=\"Remove this filter\">Year: 2024"));
}

BOOST_AUTO_TEST_CASE(pages_are_numbered_around_this_one_with_first_previous_and_next) {
    Page page = page_for("x");
    page.request.offset = 90;  // page 10
    SearchResults r = hostile_results(10, 680);
    r.offset = 90;
    const std::string html = results_page(page, r);
    BOOST_TEST(contains(html, "rel=\"first\" href=\"/gazette.cgi?q=x\""));
    BOOST_TEST(contains(html, "rel=\"prev\" href=\"/gazette.cgi?q=x&amp;page=9\""));
    BOOST_TEST(contains(html, "<strong aria-current=\"page\">10</strong>"));
    for (int p = 6; p <= 14; ++p)
        if (p != 10)
            BOOST_TEST(contains(html, "href=\"/gazette.cgi?q=x&amp;page=" + std::to_string(p) +
                                          "\" aria-label=\"Page " + std::to_string(p) + "\""),
                       p);
    BOOST_TEST(!contains(html, "aria-label=\"Page 5\""));
    BOOST_TEST(!contains(html, "aria-label=\"Page 15\""));
    BOOST_TEST(contains(html, "rel=\"next\" href=\"/gazette.cgi?q=x&amp;page=11\""));
}

BOOST_AUTO_TEST_CASE(page_numbers_stop_at_the_last_page) {
    SearchResults r = hostile_results(10, 25);
    r.total_exact = true;
    const std::string html = results_page(page_for("x"), r);
    BOOST_TEST(contains(html, "Results 1–10 of 25 for “x”"));  // exact: no "about"
    BOOST_TEST(contains(html, "aria-label=\"Page 3\""));
    BOOST_TEST(!contains(html, "aria-label=\"Page 4\""));
    BOOST_TEST(!contains(html, "rel=\"first\""));  // on the first page already
}

BOOST_AUTO_TEST_CASE(counts_are_in_words_with_plurals_and_about_only_for_estimates) {
    BOOST_TEST(contains(results_page(page_for("x"), hostile_results(1, 1)), ">1 result for “x”<"));
    SearchResults many = hostile_results(10, 12345);
    BOOST_TEST(contains(results_page(page_for("x"), many), "Results 1–10 of about 12,345"));
    many.total_exact = true;
    BOOST_TEST(contains(results_page(page_for("x"), many), "Results 1–10 of 12,345"));
    for (const SearchResults& r : {hostile_results(1, 1), many})
        BOOST_TEST(!contains(results_page(page_for("x"), r), "About"));
    Page past = page_for("x");
    past.request.offset = 50;
    SearchResults none = hostile_results(0, 1);
    none.offset = 50;
    none.total_exact = true;
    BOOST_TEST(contains(results_page(past, none), "past the last of 1 result."));
}

BOOST_AUTO_TEST_CASE(no_next_page_past_the_cap) {
    Page page = page_for("x");
    page.request.offset = 990;
    SearchResults r = hostile_results(10, 5000);
    r.offset = 990;
    BOOST_TEST(!contains(results_page(page, r), "rel=\"next\""));
}

BOOST_AUTO_TEST_CASE(no_results_state_is_helpful) {
    Page page = page_for("zyzzyva");
    page.request.filters.of("section") = {"sport"};
    SearchResults r;
    r.query = "zyzzyva";
    r.suggestion = "zyzzyvas";
    const std::string html = results_page(page, r);
    BOOST_TEST(contains(html, "No articles match “zyzzyva”"));
    BOOST_TEST(contains(html, "Did you mean"));
    BOOST_TEST(contains(html, "href=\"/gazette.cgi?q=zyzzyva\">Search without the filters"));
}

BOOST_AUTO_TEST_CASE(start_page_has_a_form_and_no_script) {
    const std::string html = start_page(page_for(""));
    BOOST_TEST(contains(html, "<!doctype html>"));
    BOOST_TEST(contains(
        html, "<form class=\"search\" role=\"search\" method=\"get\" action=\"/gazette.cgi\">"));
    BOOST_TEST(contains(html, "name=\"viewport\""));
    BOOST_TEST(!contains(html, "<script"));
}

BOOST_AUTO_TEST_CASE(article_page_marks_matched_words_and_escapes) {
    ArticleView v;
    v.article.id = "x";
    v.article.headline = "Harbor <b>news</b>";
    v.article.byline = "<i>Ann</i>";
    v.article.url = "javascript:alert(1)";
    v.headline = {{"Harbor", true}, {" <b>news</b>", false}};
    v.paragraphs = {{{"The ", false}, {"harbor's", true}, {" reopened.", false}},
                    {{"<script>alert(1)</script> ", false}, {"dredgers", true}}};
    const std::string html = article_page(page_for("harbor dredg*"), v);
    check_no_injection(html);
    BOOST_TEST(contains(html, "<h1><mark>Harbor</mark> &lt;b&gt;news&lt;/b&gt;</h1>"));
    BOOST_TEST(contains(html, "<p>The <mark>harbor&#39;s</mark> reopened.</p>"));
    BOOST_TEST(
        contains(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt; <mark>dredgers</mark></p>"));
    BOOST_TEST(contains(html, "Back to the results"));
}

namespace {

ArticleView dredging_view() {
    ArticleView v;
    v.article.id = "news/dredging.txt";
    v.article.headline = "Dredging begins";
    v.article.byline = "Daniel Osei & Co";
    v.article.date = "2024-03-11";
    v.article.section = "port";
    v.article.source = "The Ledger";
    v.article.url = "https://news.example/dredging?a=1&b=2";
    v.paragraphs = {{{"Work began.", false}}};
    v.body_bytes = 11;
    return v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(article_facts_are_links_to_their_searches_and_the_original) {
    const std::string html = article_page(page_for("harbor"), dredging_view());
    BOOST_TEST(contains(html,
                        "<a href=\"/gazette.cgi?byline=Daniel+Osei+%26+Co\">Daniel Osei "
                        "&amp; Co</a>"));
    BOOST_TEST(contains(html,
                        "<a href=\"/gazette.cgi?since=2024-03-11&amp;until=2024-03-11\">"
                        "<time datetime=\"2024-03-11\">2024-03-11</time></a>"));
    BOOST_TEST(contains(html, "<a href=\"/gazette.cgi?section=port\">port</a>"));
    BOOST_TEST(contains(html, "<a href=\"/gazette.cgi?source=The+Ledger\">The Ledger</a>"));
    BOOST_TEST(contains(html,
                        "<a href=\"https://news.example/dredging?a=1&amp;b=2\" "
                        "rel=\"noopener noreferrer nofollow\">Original article</a>"));
}

BOOST_AUTO_TEST_CASE(story_thread_lists_similar_articles_by_date_this_one_in_place) {
    ArticleView v = dredging_view();
    Hit later, earlier, undated;
    later.id = "news/later.txt";
    later.headline = "Dredging <ends>";
    later.date = "2025-01-02";
    earlier.id = "news/earlier.txt";
    earlier.headline = "Dredging planned";
    earlier.date = "2023-05-06";
    undated.id = "news/undated.txt";
    undated.headline = "A note";
    v.similar = {later, undated, earlier};  // as --like ranks them
    const std::string html = article_page(page_for("harbor"), v);
    const size_t
        a = html.find(
            "2023-05-06</time> <a "
            "href=\"/gazette.cgi?q=harbor&amp;doc=news%2Fearlier.txt\">Dredging planned</a>"),
        self = html.find(
            "<li aria-current=\"page\"><time datetime=\"2024-03-11\">2024-03-11</time> "
            "<strong>This article</strong>"),
        b = html.find(
            "2025-01-02</time> <a href=\"/gazette.cgi?q=harbor&amp;doc=news%2Flater.txt\">Dredging "
            "&lt;ends&gt;</a>"),
        c = html.find(
            "undated</span> <a href=\"/gazette.cgi?q=harbor&amp;doc=news%2Fundated.txt\">A "
            "note</a>");
    BOOST_TEST((a != std::string::npos && self != std::string::npos && b != std::string::npos &&
                c != std::string::npos));
    BOOST_TEST((a < self && self < b && b < c));
    BOOST_TEST(
        contains(html, "<a href=\"/gazette.cgi?like=news%2Fdredging.txt\">More like this</a>"));
    BOOST_TEST(!contains(article_page(page_for("harbor"), dredging_view()), "Similar articles"));
}

BOOST_AUTO_TEST_CASE(a_very_large_article_says_it_is_shown_in_part) {
    ArticleView v = dredging_view();
    v.body_bytes = 21'700'000;
    const std::string html = article_page(page_for("harbor"), v);
    BOOST_TEST(contains(html,
                        "This article is 20.7 MB long: only its first 1 MB is shown here; "
                        "the original has it all."));
    BOOST_TEST(!contains(article_page(page_for("harbor"), dredging_view()), "MB long"));
}

BOOST_AUTO_TEST_CASE(every_hit_has_a_more_like_this_link) {
    const std::string html = results_page(page_for("x"), hostile_results(2, 2));
    BOOST_TEST(contains(html,
                        "<a class=\"like\" href=\"/gazette.cgi?like=a%22b%26c%3D%3Cd%3E\">More "
                        "like this</a>"));
}

BOOST_AUTO_TEST_CASE(a_like_search_says_what_it_is_like) {
    Page page = page_for("");
    page.request.like_id = "news/a.txt";
    const std::string html = results_page(page, hostile_results(2, 2));
    BOOST_TEST(contains(html,
                        "2 results similar to <a href=\"/gazette.cgi?doc=news%2Fa.txt\">this "
                        "article</a>"));
    BOOST_TEST(contains(html, "<title>Similar articles – Gazette</title>"));
    BOOST_TEST(contains(results_page(page, hostile_results(0, 0)), "No similar articles"));
}

BOOST_AUTO_TEST_CASE(an_article_without_a_headline_says_so) {
    ArticleView v;
    v.article.id = "x";
    BOOST_TEST(contains(article_page(page_for("harbor"), v), "<h1>(no headline)</h1>"));
}

BOOST_AUTO_TEST_CASE(error_page_escapes_the_message) {
    const std::string html = error_page(400, "bad <input>", "/g.cgi");
    BOOST_TEST(contains(html, "<h1>Bad request</h1>"));
    BOOST_TEST(contains(html, "bad &lt;input&gt;"));
    BOOST_TEST(contains(html, "href=\"/g.cgi\""));
}

BOOST_AUTO_TEST_CASE(error_page_keeps_the_search_box_holding_the_query) {
    const std::string html = error_page(400, "The page must be a number from 1 to 100.", "/g.cgi",
                                        "\"><script>x</script>");
    BOOST_TEST(contains(html, "<form class=\"search\""));
    BOOST_TEST(contains(html, "name=\"q\" value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
    BOOST_TEST(contains(html, "<p class=\"error\">The page must be a number from 1 to 100.</p>"));
    check_no_injection(html);
}

BOOST_AUTO_TEST_CASE(corrected_results_say_so_and_link_to_the_words_as_typed) {
    SearchResults r = hostile_results(2, 2);
    r.query = "lighthose";
    r.suggestion = r.corrected = "lighthouse";
    const std::string html = results_page(page_for("lighthose"), r);
    BOOST_TEST(contains(html, "Showing results for <strong>lighthouse</strong>."));
    BOOST_TEST(contains(html,
                        "<a href=\"/gazette.cgi?q=lighthose&amp;nocorrect=1\">Search "
                        "instead for <em>lighthose</em></a>"));
    // The box, the count and every link are of the search shown.
    BOOST_TEST(contains(html, "name=\"q\" value=\"lighthouse\""));
    BOOST_TEST(contains(html, "2 results for “lighthouse”"));
    BOOST_TEST(contains(html, "?q=lighthouse&amp;section=sport\""));
    BOOST_TEST(!contains(html, "Did you mean"));
}

BOOST_AUTO_TEST_CASE(opensearch_is_escaped_xml_with_a_template) {
    const std::string xml = opensearch_description("http://news.example", "/a&b.cgi");
    BOOST_TEST(contains(xml, "template=\"http://news.example/a&amp;b.cgi?q={searchTerms}\""));
    BOOST_TEST(contains(xml, "<ShortName>Gazette</ShortName>"));
}

BOOST_AUTO_TEST_CASE(url_encode_is_strict) {
    BOOST_TEST(url_encode("a b&c=d/é+") == "a+b%26c%3Dd%2F%C3%A9%2B");
    BOOST_TEST(url_encode("AZaz09-._~") == "AZaz09-._~");
}

namespace {

Timeline sample_timeline() {
    return Timeline{true, {{"2024-01", 3}, {"2024-02", 12}, {"2024-03", 0}}, 2, false, false};
}

size_t occurrences(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(results_link_their_atom_feed_for_feed_readers_and_people) {
    Page page = page_for("<q>");
    page.request.sort = SortOrder::kOldest;  // a feed is newest first whatever the page's order
    const std::string feed = "href=\"/gazette.cgi?q=%3Cq%3E&amp;format=atom\"";
    const std::string html = results_page(page, hostile_results(1, 1));
    BOOST_TEST(contains(
        html,
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"&lt;q&gt; – Gazette\" " +
            feed));
    BOOST_TEST(contains(html, "<a class=\"feed\" " + feed));
    // A standing search with nothing yet is worth following too.
    BOOST_TEST(
        contains(results_page(page, hostile_results(0, 0)), "type=\"application/atom+xml\""));
    BOOST_TEST(!contains(start_page(page_for("")), "application/atom+xml"));
}

BOOST_AUTO_TEST_CASE(timeline_labels_are_escaped) {
    Timeline t = sample_timeline();
    t.periods.front().first = "\"><script>x</script>";
    const std::string html = timeline_html(page_for("harbor"), t);
    BOOST_TEST(!contains(html, "<script"));
    BOOST_TEST(contains(html, "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"));
    // A label that is no period is shown, but links nowhere.
    BOOST_TEST(occurrences(html, "<a ") == 1u);
}

BOOST_AUTO_TEST_CASE(timeline_has_no_external_references) {
    const std::string html = results_page(page_for("harbor"), [] {
        SearchResults r = hostile_results(1, 1);
        r.timeline = sample_timeline();
        return r;
    }());
    const size_t start = html.find("<svg"), end = html.find("</svg>");
    BOOST_REQUIRE(start != std::string::npos && end != std::string::npos);
    const std::string svg = html.substr(start, end - start);
    for (const char* outside : {"http", "url(", "xlink", "<image", "<use", "<foreignObject",
                                "<script", "<style", "@import", "src=", " on"})
        BOOST_TEST(!contains(svg, outside), "the chart holds " << outside);
    // Every address in it is a link back to the search itself.
    BOOST_TEST(occurrences(svg, "href=\"") == occurrences(svg, "href=\"/gazette.cgi?"));
    BOOST_TEST(occurrences(html, "<svg") == 1u);
}

BOOST_AUTO_TEST_CASE(timeline_bars_narrow_the_search_to_their_period_keeping_the_query) {
    Page page = page_for("harbor & port");
    page.request.filters.of("section").push_back("business");
    page.request.offset = 20;  // a bar starts from the first page
    const std::string html = timeline_html(page, sample_timeline());
    BOOST_TEST(contains(html,
                        "href=\"/gazette.cgi?q=harbor+%26+port&amp;section=business&amp;since="
                        "2024-02-01&amp;until=2024-02-29\""));
    BOOST_TEST(contains(html, "aria-label=\"2024-02: 12 articles\""));
    // An empty month is drawn but links nowhere: it would be a dead end.
    BOOST_TEST(occurrences(html, "<a ") == 2u);
    BOOST_TEST(contains(html, "<title>2024-03: 0 articles</title>"));
    BOOST_TEST(contains(html, "Undated: 2 articles"));
}

BOOST_AUTO_TEST_CASE(timeline_bar_stays_inside_a_date_range_already_asked_for) {
    Page page = page_for("harbor");
    page.request.filters.since = "Feb 10, 2024";
    page.request.filters.until = "2024-02-20";
    const std::string html = timeline_html(page, sample_timeline());
    BOOST_TEST(contains(html, "since=2024-02-10&amp;until=2024-02-20\""));
}

BOOST_AUTO_TEST_CASE(timeline_marks_sampled_counts_as_approximate) {
    Timeline t = sample_timeline();
    t.approximate = true;
    const std::string html = timeline_html(page_for("harbor"), t);
    BOOST_TEST(contains(html, "2024-02: about 12 articles"));
    BOOST_TEST(contains(html, "Counted on a sample of the matches."));
}

BOOST_AUTO_TEST_CASE(period_dates_cover_years_and_months_leap_days_included) {
    using Dates = std::optional<std::pair<std::string, std::string>>;
    BOOST_TEST((period_dates("2024") == Dates{{"2024-01-01", "2024-12-31"}}));
    BOOST_TEST((period_dates("2024-02") == Dates{{"2024-02-01", "2024-02-29"}}));
    BOOST_TEST((period_dates("2023-02") == Dates{{"2023-02-01", "2023-02-28"}}));
    BOOST_TEST((period_dates("2023-11") == Dates{{"2023-11-01", "2023-11-30"}}));
    BOOST_TEST(!period_dates("2023-13"));
    BOOST_TEST(!period_dates("20x3"));
    BOOST_TEST(!period_dates(""));
}

BOOST_AUTO_TEST_CASE(results_page_shows_the_timeline_beside_the_facets) {
    SearchResults r = hostile_results(1, 1);
    r.timeline = sample_timeline();
    const std::string html = results_page(page_for("harbor"), r);
    const size_t aside = html.find("<aside"), timeline = html.find("class=\"timeline\"");
    BOOST_TEST((aside != std::string::npos && timeline > aside));
    BOOST_TEST(html.find("class=\"hits\"") < timeline);  // results come first
}
