// What a user asks for, from the command line or the web page alike.
// No Xapian here: front ends fill it in, query.cpp and search.cpp read it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema.h"

namespace gazette {

enum class SortOrder { kRelevance, kNewest, kOldest };

// How the words of a query without operators combine (Omega's DEFAULTOP).
enum class DefaultOperator { kOr, kAnd };

// How hits are scored (searcher/ranking.h): Gazette's own, or a plain model
// for comparison.
enum class Ranking { kGazette, kBm25, kIneB2 };

// Exact-value filters, by the name of their field (schema::kFields); values
// within one field are ORed, fields are ANDed.
struct Filters {
    std::map<std::string, std::vector<std::string>, std::less<>> values;
    std::string since, until;  // "YYYY-MM-DD" (or any parse_date form); "" for open

    // The values of one field (none when it has none).
    const std::vector<std::string>& of(std::string_view field) const;
    std::vector<std::string>& of(std::string_view field) { return values[std::string(field)]; }
    bool empty() const;
};

struct SearchRequest {
    std::string query;
    Filters filters;
    size_t offset = 0;
    size_t limit = 10;
    SortOrder sort = SortOrder::kRelevance;
    std::optional<double> recency_half_life_days;  // blend recency into relevance
    bool collapse = true;                          // fold duplicates into one hit
    std::vector<std::string> facets;               // names of schema::kFields
    bool timeline = false;                         // count matches by year or month
    size_t facet_sample = 20000;  // facets, timeline count at most this many matches, then scale
    bool correct = true;          // search words no article holds as their correction,
    size_t correct_from = schema::kCorrectFromArticles;  // in an archive of this many articles
    std::string like_id;  // articles similar to this one (that match the query, if any)
    DefaultOperator default_operator = DefaultOperator::kOr;
    unsigned expand = 0;  // pseudo-relevance feedback from the top N
    size_t snippet_chars = 240;
    Ranking ranking = Ranking::kGazette;
    double burstiness = schema::kBurstiness;            // of Gazette's ranking
    double coordination = schema::kCoordinationWeight;  // of Gazette's ranking
    unsigned coordination_depth = schema::kCoordinationDepth;
    std::optional<double> k1, b;  // BM25 overrides; else the database's own
};

}  // namespace gazette
