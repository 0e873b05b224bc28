// The timeline: its bucketing on its own, then counted from a real search.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "indexer.h"
#include "render.h"
#include "search.h"
#include "temp_dir.h"
#include "timeline.h"

using namespace gazette;

namespace {

struct Quiet : IndexObserver {
    void warning(const std::string&) override {}
};

// One JSONL line: an article with this id, date ("" for none), body and
// headline (else "Story ID").
std::string line(const std::string& id, const std::string& date, const std::string& body,
                 const std::string& headline = "") {
    return R"({"id": ")" + id + R"(", "headline": ")" +
           (headline.empty() ? "Story " + id : headline) + R"(", "date": ")" + date +
           R"(", "body": ")" + body + "\"}\n";
}

Searcher searcher_over(const test::TempDir& dir, const std::string& lines) {
    dir.write("src/news.jsonl", lines);
    IndexOptions o;
    o.database = (dir.path / "db").string();
    o.roots = {dir.path / "src"};
    Quiet quiet;
    index_files(o, default_env(), quiet);
    return Searcher({o.database});
}

SearchRequest timeline_of(const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.timeline = true;
    return r;
}

using Periods = std::vector<std::pair<std::string, size_t>>;

}  // namespace

BOOST_AUTO_TEST_CASE(matches_within_three_years_are_counted_by_month_gaps_as_zero) {
    const Timeline t = make_timeline({{202311, 2}, {202402, 5}}, 1, 1.0);
    BOOST_TEST(t.by_month);
    BOOST_TEST(
        (t.periods == Periods{{"2023-11", 2}, {"2023-12", 0}, {"2024-01", 0}, {"2024-02", 5}}));
    BOOST_TEST(t.undated == 1u);
}

BOOST_AUTO_TEST_CASE(matches_over_three_years_are_counted_by_year) {
    const Timeline t = make_timeline({{201905, 1}, {201907, 2}, {202211, 4}}, 0, 1.0);
    BOOST_TEST(!t.by_month);
    BOOST_TEST((t.periods == Periods{{"2019", 3}, {"2020", 0}, {"2021", 0}, {"2022", 4}}));
    // 36 months from first to last is still by month; 37 is not.
    BOOST_TEST(make_timeline({{202001, 1}, {202212, 1}}, 0, 1.0).by_month);
    BOOST_TEST(!make_timeline({{202001, 1}, {202301, 1}}, 0, 1.0).by_month);
}

BOOST_AUTO_TEST_CASE(a_stray_ancient_date_does_not_make_a_thousand_empty_years) {
    const Timeline t = make_timeline({{100001, 1}, {202401, 3}}, 0, 1.0);
    BOOST_TEST((t.periods == Periods{{"1000", 1}, {"2024", 3}}));
}

BOOST_AUTO_TEST_CASE(scaled_counts_are_rounded) {
    const Timeline t = make_timeline({{202401, 3}}, 1, 2.5);
    BOOST_TEST((t.periods == Periods{{"2024-01", 8}}));
    BOOST_TEST(t.undated == 3u);
}

BOOST_AUTO_TEST_CASE(timeline_counts_the_matches_of_the_search_and_the_undated) {
    test::TempDir dir;
    Searcher s = searcher_over(
        dir, line("a", "2024-01-05", "harbor news") + line("b", "2024-01-20", "harbor again") +
                 line("c", "2024-03-02", "harbor later") + line("d", "", "harbor undated") +
                 line("e", "2024-02-01", "nothing to see"));
    SearchRequest r = timeline_of("harbor");
    r.limit = 1;  // counted over every match, not the page
    const SearchResults res = s.search(r);
    BOOST_REQUIRE(res.timeline.has_value());
    BOOST_TEST(res.timeline->by_month);
    BOOST_TEST((res.timeline->periods == Periods{{"2024-01", 2}, {"2024-02", 0}, {"2024-03", 1}}));
    BOOST_TEST(res.timeline->undated == 1u);
    BOOST_TEST(!res.timeline->approximate);
    r.timeline = false;
    BOOST_TEST(!s.search(r).timeline.has_value());
}

BOOST_AUTO_TEST_CASE(timeline_counts_each_story_once_as_the_hits_show_it) {
    test::TempDir dir;
    const std::string wire = "Cocoa prices rose sharply as traders worried about the harvest";
    Searcher s = searcher_over(dir, line("a", "2024-01-05", wire, "Cocoa jumps") +
                                        line("b", "2024-01-06", wire, "Cocoa jumps") +
                                        line("c", "2023-12-01", "cocoa output fell"));
    SearchRequest r = timeline_of("cocoa");
    const SearchResults folded = s.search(r);
    BOOST_TEST(folded.total == 2u);
    BOOST_TEST((folded.timeline->periods == Periods{{"2023-12", 1}, {"2024-01", 1}}));
    r.collapse = false;
    BOOST_TEST((s.search(r).timeline->periods == Periods{{"2023-12", 1}, {"2024-01", 2}}));
}

BOOST_AUTO_TEST_CASE(timeline_of_a_large_match_set_is_sampled_and_scaled) {
    test::TempDir dir;
    std::string lines;
    // As in test_search's sampled facets: "ships" everywhere, "harbor" in every
    // other article, more each time, so the match stops before the end.
    for (int i = 0; i < 300; ++i) {
        std::string harbors;
        for (int n = 0; n < i; ++n) harbors += " harbor";
        lines += line("n" + std::to_string(i), i % 3 == 2 ? "2021-06-01" : "2017-06-01",
                      i % 2 == 0 ? "Ships in the harbor" + harbors : "Ships came in to port.");
    }
    Searcher s = searcher_over(dir, lines);
    SearchRequest r = timeline_of("ships harbor");
    r.collapse = false;
    r.facet_sample = 60;
    const Timeline sampled = *s.search(r).timeline;
    BOOST_TEST(sampled.approximate);
    size_t sum = 0;
    for (const auto& [period, count] : sampled.periods) sum += count;
    BOOST_TEST((sum >= 298 && sum <= 302), "scaled counts add up to " << sum);
    r.facet_sample = 300;
    const Timeline whole = *s.search(r).timeline;
    BOOST_TEST(!whole.approximate);
    BOOST_TEST((whole.periods ==
                Periods{{"2017", 200}, {"2018", 0}, {"2019", 0}, {"2020", 0}, {"2021", 100}}));
}

BOOST_AUTO_TEST_CASE(json_lists_periods_and_the_undated) {
    SearchResults r;
    r.timeline = Timeline{true, {{"2025-02", 12}, {"2025-03", 0}}, 4, true, false};
    const auto j = nlohmann::json::parse(render_json(r));
    BOOST_TEST(j["timeline"].size() == 2u);
    BOOST_TEST(j["timeline"][0]["period"] == "2025-02");
    BOOST_TEST(j["timeline"][0]["count"] == 12);
    BOOST_TEST(j["timeline_undated"] == 4);
    BOOST_TEST(j["timeline_approximate"] == true);
    BOOST_TEST(!nlohmann::json::parse(render_json(SearchResults{})).contains("timeline"));
}

BOOST_AUTO_TEST_CASE(text_shows_a_row_a_period_with_a_bar) {
    SearchResults r;
    r.total = 16;
    r.total_exact = true;
    r.timeline = Timeline{false, {{"2024", 12}, {"2025", 0}, {"2026", 3}}, 1, false, false};
    const std::string text = render_text(r, false);
    BOOST_TEST(text.find("timeline (by year):") != std::string::npos);
    BOOST_TEST(text.find("  2024    " + [] {
        std::string bar;
        for (int i = 0; i < 40; ++i) bar += "█";
        return bar;
    }() + " 12\n") != std::string::npos);
    BOOST_TEST(text.find("  2025     0\n") != std::string::npos);
    BOOST_TEST(text.find("  2026    ██████████ 3\n") != std::string::npos);
    BOOST_TEST(text.find("  undated 1\n") != std::string::npos);
}
