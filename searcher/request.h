// What a user asks for, from the command line or the web page alike.
// No Xapian here: front ends fill it in, query.cpp and search.cpp read it.
#pragma once

#include <optional>
#include <string>

namespace gazette {

enum class SortOrder { kRelevance, kNewest, kOldest };

struct SearchRequest {
    std::string query;
    size_t offset = 0;
    size_t limit = 10;
    SortOrder sort = SortOrder::kRelevance;
    size_t snippet_chars = 240;
    std::optional<double> k1, b;  // BM25 overrides; else the database's own
};

}  // namespace gazette
