// What a search found, in plain types for the renderers: no Xapian here.
#pragma once

#include <string>
#include <vector>

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
    std::string id, path, headline, byline, date, section, source, url;
    double score = 0;
    Snippet snippet;
};

struct SearchResults {
    std::string query;
    size_t total = 0;  // Xapian's estimate of all matches
    size_t offset = 0;
    size_t limit = 0;
    std::vector<Hit> hits;
};

}  // namespace gazette
