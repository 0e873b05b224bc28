// SearchRequest -> Xapian::Query: the query language, by the schema.
#pragma once

#include <xapian.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "request.h"

namespace gazette {

// Thrown when a query is unusable even as plain words.
struct QueryError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// A query's words, each as the terms any one of which holds it: a word and
// its other spellings (spellings.h).
using QueryWords = std::vector<std::vector<std::string>>;

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

    // The words the last query parsed weighs by, one per word and field
    // (without the exact forms that only add a bonus).
    const QueryWords& words() const { return words_; }

    // The last query's words in the exact form typed (accents and all) where
    // that is not already one of its terms, ORed; none in a query of many
    // words. An article holding one ranks a little higher among the top hits
    // (ranking.h: add_exact_forms); they change nothing about what matches.
    const Xapian::Query& exact_forms() const { return exact_forms_; }

    // The stopwords dropped from queries (kept in phrases).
    const Xapian::Stopper* stopper() const { return stopper_; }

    // The last query as searched, its missing words corrected, if the
    // request asked for that and any was; else "".
    const std::string& corrected() const { return corrected_; }

  private:
    Xapian::Query parse_with(const std::string& text, Xapian::QueryParser::stem_strategy strategy);
    Xapian::Query parse_plain(const std::string& text);
    Xapian::Query with_other_spellings(const Xapian::Query& query, const std::string& text);
    Xapian::Query with_split_compounds(const Xapian::Query& query, const std::string& text) const;
    std::string with_corrections(const std::string& typed) const;
    std::optional<Xapian::Query> split(const std::string& word) const;
    std::string term(const std::string& word) const;

    Xapian::Database db_;
    std::string language_;
    bool english_;
    bool correct_ = false;  // the request's: search the corrections of missing words
    std::string corrected_;
    const Xapian::Stopper* stopper_;
    Xapian::Stem stem_;
    Xapian::QueryParser parser_;
    QueryWords words_;
    Xapian::Query exact_forms_;
};

}  // namespace gazette
