#include <nlohmann/json.hpp>

#include "render.h"

namespace gazette {

std::string render_json(const SearchResults& results) {
    nlohmann::ordered_json hits = nlohmann::ordered_json::array();
    for (const Hit& h : results.hits) {
        hits.push_back({{"rank", h.rank},
                        {"id", h.id},
                        {"source_id", h.source_id},
                        {"path", h.path},
                        {"headline", h.headline},
                        {"byline", h.byline},
                        {"date", h.date},
                        {"section", h.section},
                        {"source", h.source},
                        {"url", h.url},
                        {"score", h.score},
                        {"snippet", snippet_text(h.snippet)},
                        {"snippet_html", snippet_html(h.snippet)},
                        {"similar", h.similar}});
    }
    nlohmann::ordered_json out = {
        {"query", results.query},   {"total", results.total}, {"total_exact", results.total_exact},
        {"offset", results.offset}, {"limit", results.limit}, {"hits", std::move(hits)}};
    if (!results.like.empty()) out["like"] = results.like;
    if (!results.missing_shards.empty()) {
        out["partial"] = true;
        out["missing_shards"] = results.missing_shards;
    }
    if (!results.suggestion.empty()) out["suggestion"] = results.suggestion;
    if (!results.corrected.empty()) out["corrected"] = results.corrected;
    if (!results.facets.empty()) {
        nlohmann::ordered_json facets = nlohmann::ordered_json::object();
        for (const Facet& f : results.facets) {
            nlohmann::ordered_json counts = nlohmann::ordered_json::array();
            for (const auto& [value, count] : f.counts)
                counts.push_back({{"value", value}, {"count", count}});
            facets[f.field] = std::move(counts);
        }
        out["facets"] = std::move(facets);
        // Counted on a sample of a very large match set, then scaled.
        if (results.facets.front().approximate) out["facets_approximate"] = true;
        // Counted every copy of a story, not once per hit (remote shards).
        if (results.facets.front().counts_copies) out["facets_count_copies"] = true;
    }
    if (results.timeline) {
        nlohmann::ordered_json periods = nlohmann::ordered_json::array();
        for (const auto& [period, count] : results.timeline->periods)
            periods.push_back({{"period", period}, {"count", count}});
        out["timeline"] = std::move(periods);
        out["timeline_undated"] = results.timeline->undated;
        if (results.timeline->approximate) out["timeline_approximate"] = true;
        if (results.timeline->counts_copies) out["timeline_counts_copies"] = true;
    }
    // Replace, not throw, should stored text ever hold invalid UTF-8.
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_json_error(const std::string& message) {
    return nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace) +
           "\n";
}

}  // namespace gazette
