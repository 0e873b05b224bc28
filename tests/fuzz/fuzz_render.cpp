// Fuzzes the renderers with hostile result content: text, JSON, TREC and the
// web page's results and article views. Input (decoded to UTF-8, as stored text
// is) is read a line at a time: the query, a suggestion, then per hit its id,
// path, headline, byline, date, section, source, url and snippet, where '|'
// separates fragments and '*' toggles a highlighted match. The hits' dates are
// also the periods of a timeline.
#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "html_check.h"
#include "render.h"
#include "render_html.h"

namespace {

using namespace gazette;

constexpr size_t kMaxHits = 12;
constexpr const char* kFacetFields[] = {"section", "byline", "source", "year"};

Snippet read_snippet(std::string_view line) {
    Snippet snippet;
    Fragment fragment;
    std::string text;
    bool match = false;
    const auto end_span = [&] {
        if (!text.empty()) fragment.push_back({std::move(text), match});
        text.clear();
    };
    const auto end_fragment = [&] {
        end_span();
        if (!fragment.empty()) snippet.fragments.push_back(std::move(fragment));
        fragment.clear();
    };
    for (const char c : line) {
        if (c == '*') {
            end_span();
            match = !match;
        } else if (c == '|') {
            end_fragment();
        } else {
            text += c;
        }
    }
    end_fragment();
    return snippet;
}

Hit read_hit(fuzz::Lines& lines, size_t rank) {
    Hit h;
    h.rank = rank;
    for (std::string* field :
         {&h.id, &h.path, &h.headline, &h.byline, &h.date, &h.section, &h.source, &h.url})
        *field = lines.next();
    h.snippet = read_snippet(lines.next());
    h.headline_marked = {{h.headline, rank % 2 == 0}};
    h.headline_marked = {{h.headline, rank % 2 == 0}};
    h.score = 1.0 / static_cast<double>(rank);
    h.similar = rank % 3;
    return h;
}

// The hits' fields become facet values and filters, so links carry them too.
SearchResults read_results(fuzz::Lines& lines, SearchRequest& request) {
    SearchResults results;
    results.query = request.query = lines.next();
    results.suggestion = lines.next();
    while (!lines.done() && results.hits.size() < kMaxHits) {
        Hit hit = read_hit(lines, results.hits.size() + 1);
        const char* field = kFacetFields[hit.rank % 4];
        if (results.facets.empty() || results.facets.back().field != field)
            results.facets.push_back({field, {}});
        results.facets.back().counts.emplace_back(hit.section, hit.rank);
        if (hit.rank % 5 == 0) request.filters.of("byline").push_back(hit.byline);
        if (hit.rank % 7 == 0) results.missing_shards.push_back(hit.path);
        results.hits.push_back(std::move(hit));
    }
    // The hits' dates (any text) become the timeline's periods.
    Timeline timeline{results.hits.size() % 2 == 0, {}, results.hits.size(), false, false};
    for (const Hit& hit : results.hits) timeline.periods.emplace_back(hit.date, hit.rank % 4);
    results.timeline = std::move(timeline);
    results.total = results.hits.size() * 3;
    results.limit = request.limit;
    return results;
}

void check_json(const SearchResults& results) {
    const auto parsed = nlohmann::json::parse(render_json(results));
    fuzz::require(parsed.at("hits").size() == results.hits.size(), "JSON lists every hit");
    fuzz::require(parsed.at("query") == results.query, "JSON keeps the query as it is");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = to_utf8(fuzz::as_text(data, size));
    fuzz::Lines lines(text);
    SearchRequest request;
    const SearchResults results = read_results(lines, request);

    render_text(results, false);
    render_text(results, true);
    render_trec(results, "q1");
    check_json(results);

    const html::Page page{"/cgi-bin/gazette.cgi", request};
    fuzz::check_page(html::results_page(page, results));
    if (!results.hits.empty()) {
        const Hit& h = results.hits.front();
        // The whole input as the body: paragraphs, blank lines and all.
        const Article article{h.id,   h.source_id, h.path,   h.headline, h.byline,
                              h.date, h.section,   h.source, h.url,      text};
        ArticleView view{article, h.headline_marked, {}};
        for (const Fragment& fragment : h.snippet.fragments) view.paragraphs.push_back(fragment);
        fuzz::check_page(html::article_page(page, view));
    }
    return 0;
}
