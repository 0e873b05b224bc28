#include <boost/test/unit_test.hpp>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "render.h"

using namespace gazette;

namespace {

SearchResults hostile_results() {
    SearchResults r;
    r.query = "\"quoted\" <query>";
    r.total = 1;
    r.limit = 10;
    Hit h;
    h.rank = 1;
    h.id = "a\"b";
    h.headline = "<script>alert(1)</script>";
    h.byline = "\"><img src=x onerror=alert(1)>";
    h.url = "javascript:alert(1)";
    h.snippet.fragments = {{{"a < b & ", false}, {"<match>", true}}, {{"tail", false}}};
    r.hits.push_back(h);
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(snippet_html_escapes_text_and_marks_matches) {
    BOOST_TEST(snippet_html(hostile_results().hits[0].snippet) ==
               "a &lt; b &amp; <mark>&lt;match&gt;</mark> … tail");
}

BOOST_AUTO_TEST_CASE(snippet_text_joins_fragments_unmarked) {
    BOOST_TEST(snippet_text(hostile_results().hits[0].snippet) == "a < b & <match> … tail");
}

BOOST_AUTO_TEST_CASE(json_output_is_valid_with_every_field) {
    const auto j = nlohmann::json::parse(render_json(hostile_results()));
    BOOST_TEST(j["total"] == 1);
    BOOST_TEST(j["query"] == "\"quoted\" <query>");
    const auto& hit = j["hits"][0];
    for (const char* key : {"rank", "id", "path", "headline", "byline", "date", "section", "source",
                            "url", "score", "snippet", "snippet_html"})
        BOOST_TEST(hit.contains(key), key);
    BOOST_TEST(hit["headline"] == "<script>alert(1)</script>");
}

BOOST_AUTO_TEST_CASE(json_survives_invalid_utf8) {
    SearchResults r = hostile_results();
    r.hits[0].headline = "bad \xFF byte";
    BOOST_CHECK_NO_THROW(nlohmann::json::parse(render_json(r)));
}

BOOST_AUTO_TEST_CASE(json_error_is_json) {
    BOOST_TEST(nlohmann::json::parse(render_json_error("no \"db\""))["error"] == "no \"db\"");
}

BOOST_AUTO_TEST_CASE(text_bold_only_with_color) {
    const SearchResults r = hostile_results();
    BOOST_TEST(render_text(r, true).find("\033[1m<match>\033[0m") != std::string::npos);
    BOOST_TEST(render_text(r, false).find('\033') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_results_is_a_friendly_line) {
    SearchResults r;
    r.query = "zebra";
    BOOST_TEST(render_text(r, false) == "No articles match \"zebra\".\n");
    r.filtered = true;  // the words may match: say the filters took part
    BOOST_TEST(render_text(r, false) == "No articles match \"zebra\" with the filters given.\n");
}

BOOST_AUTO_TEST_CASE(corrected_results_say_so_and_how_to_search_as_typed) {
    SearchResults r;
    r.query = "budgte cuts";
    r.suggestion = r.corrected = "budget cuts";
    const std::string text = render_text(r, false);
    BOOST_TEST(text.starts_with("Showing results for: budget cuts (--no-correct searches the words "
                                "as typed)\n"),
               text);
    BOOST_TEST(text.find("Did you mean") == std::string::npos, text);
    r.corrected.clear();
    BOOST_TEST(render_text(r, false).starts_with("Did you mean: budget cuts\n"));
}

BOOST_AUTO_TEST_CASE(sampled_facet_counts_are_marked_approximate) {
    SearchResults r = hostile_results();
    r.facets = {{"year", {{"1987", 9000}}, true}};
    BOOST_TEST(nlohmann::json::parse(render_json(r))["facets_approximate"] == true);
    BOOST_TEST(render_text(r, false).find("1987 (~9000)") != std::string::npos);
    r.facets[0].approximate = false;
    BOOST_TEST(!nlohmann::json::parse(render_json(r)).contains("facets_approximate"));
    BOOST_TEST(render_text(r, false).find("1987 (9000)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(count_line_says_about_only_for_estimates_and_counts_in_words) {
    const auto first_line = [](const SearchResults& r) {
        const std::string text = render_text(r, false);
        return text.substr(0, text.find('\n'));
    };
    SearchResults r = hostile_results();
    r.query = "tram";
    r.total_exact = true;
    BOOST_TEST(first_line(r) == "1 result for \"tram\"; showing 1-1.");
    r.total = 95;
    r.total_exact = false;
    BOOST_TEST(first_line(r) == "About 95 results for \"tram\"; showing 1-1.");
    r.like = "bbc/a.txt";
    BOOST_TEST(first_line(r) ==
               "About 95 results for articles like \"bbc/a.txt\" matching \"tram\"; showing 1-1.");
    r.query.clear();
    BOOST_TEST(first_line(r) == "About 95 results for articles like \"bbc/a.txt\"; showing 1-1.");
    const auto j = nlohmann::json::parse(render_json(r));
    BOOST_TEST(j["total_exact"] == false);
    BOOST_TEST(j["like"] == "bbc/a.txt");
}

// scripts/demo's phrase search printed `3 results for ""tram line""`.
BOOST_AUTO_TEST_CASE(a_phrase_query_is_quoted_once) {
    SearchResults r = hostile_results();
    r.query = "\"tram line\"";
    r.total = 3;
    r.total_exact = true;
    const std::string text = render_text(r, false);
    BOOST_TEST(text.substr(0, text.find('\n')) == "3 results for \"tram line\"; showing 1-1.");
}

BOOST_AUTO_TEST_CASE(no_hits_asked_for_still_shows_count_and_facets) {
    SearchResults r;
    r.query = "tram";
    r.total = 11;
    r.total_exact = true;
    r.facets = {{"year", {{"2024", 4}}, false}};
    BOOST_TEST(render_text(r, false) == "11 results for \"tram\".\n\nyear:  2024 (4)\n");
}

BOOST_AUTO_TEST_CASE(hit_id_shown_when_the_location_line_is_not_it) {
    SearchResults r = hostile_results();
    BOOST_TEST(render_text(r, false).find("     id: a\"b\n") != std::string::npos);
    r.hits[0].url.clear();
    r.hits[0].id = r.hits[0].path = "bbc/a.txt";
    BOOST_TEST(render_text(r, false).find("id: ") == std::string::npos);
    r.hits[0].id = "feed.jsonl#3";
    r.hits[0].path = "feed.jsonl";
    BOOST_TEST(render_text(r, false).find("     feed.jsonl\n     id: feed.jsonl#3\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(trec_lines_keep_six_columns_whatever_the_names) {
    SearchResults r;
    for (const std::string id :
         {"sub dir/story.txt", "tab\there", "new\nline", "100%.txt", "plain"}) {
        Hit h;
        h.rank = r.hits.size() + 1;
        h.id = id;
        r.hits.push_back(h);
    }
    const std::string out = render_trec(r, "q 1");
    std::istringstream lines(out);
    std::vector<std::string> names;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream columns(line);
        std::vector<std::string> c{std::istream_iterator<std::string>(columns), {}};
        BOOST_TEST_REQUIRE(c.size() == 6u, line);
        BOOST_TEST(c[0] == "q%201");
        names.push_back(c[2]);
    }
    const std::vector<std::string> expected = {"sub%20dir/story.txt", "tab%09here", "new%0Aline",
                                               "100%25.txt", "plain"};
    BOOST_TEST(names == expected, boost::test_tools::per_element());
}
