// SearchRequest -> Xapian::Query: the query language, by the schema.
#pragma once

#include <xapian.h>

#include <set>
#include <stdexcept>
#include <string>

#include "request.h"

namespace gazette {

// Thrown when a query is unusable even as plain words.
struct QueryError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

class QueryBuilder {
  public:
    // Words are stemmed, and stopwords dropped, by the database's language.
    QueryBuilder(const Xapian::Database& db, const std::string& language);

    // A malformed query falls back to its plain words; only a query with no
    // searchable words at all throws QueryError.
    // Filters (sections, dates, ...) apply without changing the ranking; with
    // filters and no words, every article that passes them matches.
    Xapian::Query build(const SearchRequest& request);

    // Just the query language, no filters.
    Xapian::Query parse(const std::string& text);

    // The terms the last query parsed weighs by, one per word and field
    // (without the exact forms that only add a bonus).
    const std::set<std::string>& words() const { return words_; }

  private:
    Xapian::Query parse_with(const std::string& text, Xapian::QueryParser::stem_strategy strategy);
    Xapian::Query parse_plain(const std::string& text);

    Xapian::Stem stem_;
    Xapian::QueryParser parser_;
    Xapian::DateRangeProcessor dates_;
    std::set<std::string> words_;
};

}  // namespace gazette
