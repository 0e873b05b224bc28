#include "query.h"

#include "schema.h"

namespace gazette {
namespace {

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                            Xapian::QueryParser::FLAG_PURE_NOT;

// Keeps letters, digits and spaces: what is left of a malformed query.
std::string plain_words(const std::string& query) {
    std::string out;
    for (unsigned char c : query)
        out += (std::isalnum(c) || c >= 0x80) ? static_cast<char>(c) : ' ';
    return out;
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db)
    : dates_(schema::kDateSlot, "date:", Xapian::RP_DATE_PREFER_MDY) {
    parser_.set_database(db);
    parser_.set_stemmer(Xapian::Stem(schema::kStemLanguage));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.add_prefix("headline", std::string(schema::kHeadline));
    parser_.add_prefix("title", std::string(schema::kHeadline));
    parser_.add_prefix("byline", std::string(schema::kByline));
    parser_.add_prefix("author", std::string(schema::kByline));
    parser_.add_boolean_prefix("section", std::string(schema::kSection));
    parser_.add_boolean_prefix("source", std::string(schema::kSource));
    parser_.add_boolean_prefix("year", std::string(schema::kYear));
    parser_.add_rangeprocessor(&dates_);
}

Xapian::Query QueryBuilder::build(const SearchRequest& request) {
    Xapian::Query query;
    try {
        query = parser_.parse_query(request.query, kFlags);
    } catch (const Xapian::QueryParserError&) {
        query = parser_.parse_query(plain_words(request.query), 0);
    }
    if (query.empty() && !request.query.empty()) {
        // Stopwords alone, or punctuation: try the words as they are.
        query = parser_.parse_query(plain_words(request.query), 0);
    }
    if (query.empty()) throw QueryError("the query has no words to search for");
    return query;
}

}  // namespace gazette
