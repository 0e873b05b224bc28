// What a search found, in plain types for the renderers: no Xapian here.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "article.h"

namespace gazette {

// A stretch of snippet text, highlighted when it matched the query.
struct Span {
    std::string text;
    bool match = false;
};
using Fragment = std::vector<Span>;

// Up to a few fragments of the body, shown joined by an ellipsis.
struct Snippet {
    std::vector<Fragment> fragments;
    bool empty() const { return fragments.empty(); }
};

struct Hit {
    size_t rank = 0;  // 1-based, across pages
    std::string id, source_id, path, headline, byline, date, section, source, url;
    double score = 0;
    Snippet snippet;
    size_t similar = 0;        // duplicates folded into this hit
    Fragment headline_marked;  // the headline, the words the query matched marked
};

// Counts of one field's values over the whole match set, largest first.
struct Facet {
    std::string field;  // "section", "byline", "source", "year"
    std::vector<std::pair<std::string, size_t>> counts;
    bool approximate = false;  // counted on a sample of the matches, scaled up
    // Every copy of a story counted, not once per story as the hits fold
    // them (Xapian's own counter, on remote shards).
    bool counts_copies = false;
};

// Matches over time: periods "YYYY" or "YYYY-MM", oldest first, the empty
// ones between as zero, counted as facets are (approximate and counts_copies
// mean what they mean there).
struct Timeline {
    bool by_month = false;
    std::vector<std::pair<std::string, size_t>> periods;
    size_t undated = 0;
    bool approximate = false;
    bool counts_copies = false;
};

// One whole article to read, the words of a query marked.
struct ArticleView {
    Article article;
    Fragment headline;
    std::vector<Fragment> paragraphs;  // of the body, in order (at most kMaxViewBytes of it)
    size_t body_bytes = 0;             // of the whole body: more than shown when capped
    std::vector<Hit> similar = {};     // articles like it (--like), for a story's thread
};

// The most of an article's body an article view shows, highlighted: marking
// takes several times the text's memory (a 21.7 MB article took 152 MB).
constexpr size_t kMaxViewBytes = 1 << 20;

struct SearchResults {
    std::string query;
    std::string like;          // the id of --like, or ""
    bool filtered = false;     // filters narrowed the matches (--section, --since, ...)
    size_t total = 0;          // Xapian's estimate of all matches
    bool total_exact = false;  // the estimate is the count (its bounds met)
    size_t offset = 0;
    size_t limit = 0;
    std::vector<Hit> hits;
    std::vector<Facet> facets;
    std::optional<Timeline> timeline;         // when asked for
    std::string suggestion;                   // "did you mean", or ""
    std::string corrected;                    // the query as searched, its missing words corrected
    std::vector<std::string> missing_shards;  // left out: results are partial
};

}  // namespace gazette
