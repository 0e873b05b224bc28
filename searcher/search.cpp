#include "search.h"

#include "query.h"
#include "snippet.h"

namespace gazette {
namespace {

// Words typed with a trailing * are highlighted by prefix.
std::vector<std::string> wildcard_prefixes(const std::string& query) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= query.size(); ++i) {
        if (i == query.size() || query[i] == ' ') {
            std::string_view word(query.data() + start, i - start);
            if (word.size() > 1 && word.back() == '*') {
                word.remove_suffix(1);
                if (const auto colon = word.find(':'); colon != std::string_view::npos)
                    word.remove_prefix(colon + 1);
                std::string lowered;
                for (char c : word)
                    lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (!lowered.empty()) out.push_back(lowered);
            }
            start = i + 1;
        }
    }
    return out;
}

// Articles without a date sort last either way: they read as the oldest
// possible date going newest-first and as the newest possible going oldest-first.
void apply_sort(Xapian::Enquire& enquire, SortOrder sort, Xapian::MultiValueKeyMaker& keys) {
    if (sort == SortOrder::kRelevance) return;
    const bool newest = sort == SortOrder::kNewest;
    keys.add_value(schema::kDateSlot, newest, newest ? "" : "99999999");
    enquire.set_sort_by_key_then_relevance(&keys, false);
}

}  // namespace

Searcher::Searcher(const std::vector<std::string>& locations)
    : locations_(locations), db_(open_readable(locations)) {}

SearchResults Searcher::search(const SearchRequest& request) {
    try {
        return run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
        // An indexer committed while we read: reopen at the new revision.
        db_.db.reopen();
        return run(request);
    }
}

SearchResults Searcher::run(const SearchRequest& request) {
    QueryBuilder builder(db_.db);
    const Xapian::Query query = builder.build(request);

    Xapian::Enquire enquire(db_.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(request.k1.value_or(db_.settings.bm25.k1), 0, 1,
                                                    request.b.value_or(db_.settings.bm25.b), 0.5));
    Xapian::MultiValueKeyMaker keys;
    apply_sort(enquire, request.sort, keys);
    const Xapian::MSet mset = enquire.get_mset(request.offset, request.limit, 100);

    HighlightTerms terms = highlight_terms(query);
    terms.wildcard_prefixes = wildcard_prefixes(request.query);
    const SnippetMaker snippets(std::move(terms), Xapian::Stem(schema::kStemLanguage));

    SearchResults results;
    results.query = request.query;
    results.total = mset.get_matches_estimated();
    results.offset = request.offset;
    results.limit = request.limit;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Article a = db_.codec->decode(it.get_document().get_data());
        results.hits.push_back({it.get_rank() + 1, a.id, a.path, a.headline, a.byline, a.date,
                                a.section, a.source, a.url, it.get_weight(),
                                snippets.make(a.body, request.snippet_chars)});
    }
    return results;
}

}  // namespace gazette
