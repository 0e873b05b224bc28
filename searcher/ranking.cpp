#include "ranking.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "query_tree.h"

namespace gazette {
namespace {

// Of a word written in one or more ways (a synonym's terms: spellings.h).
double burstiness(const std::vector<std::string>& terms, const Xapian::Database& db, double beta) {
    Xapian::doccount n = 0;
    Xapian::termcount collection = 0;
    for (const std::string& term : terms) {
        n += db.get_termfreq(term);
        collection += db.get_collection_freq(term);
    }
    if (n == 0) return 1;
    return std::pow((static_cast<double>(collection) + 1) / n, beta);
}

// A term, or a synonym of terms, and nothing else.
std::optional<std::vector<std::string>> weighed_terms(const Xapian::Query& q) {
    if (q.get_type() != Xapian::Query::LEAF_TERM && q.get_type() != Xapian::Query::OP_SYNONYM)
        return std::nullopt;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (q.get_subquery(i).get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
    return std::vector<std::string>(q.get_terms_begin(), q.get_terms_end());
}

}  // namespace

Xapian::Query weigh_burstiness(const Xapian::Query& query, const Xapian::Database& db,
                               double beta) {
    return rewrite(query, [&](const Xapian::Query& q) -> std::optional<Xapian::Query> {
        const auto terms = weighed_terms(q);
        if (!terms) return std::nullopt;
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, burstiness(*terms, db, beta));
    });
}

namespace {

// How many of `words` each of the first `depth` hits holds, by skipping along
// each term's posting list: a few B-tree lookups a term, where reading the
// hits' term lists would decode every term of 30 articles.
std::vector<size_t> held_by_postings(const Xapian::Database& db, const Window& window,
                                     const QueryWords& words, Xapian::doccount depth) {
    std::vector<std::pair<Xapian::docid, Xapian::doccount>> docids;  // docid, place: ascending
    for (Xapian::doccount i = 0; i < depth; ++i)
        docids.emplace_back(*window.item(window.hits[i]), i);
    std::sort(docids.begin(), docids.end());
    std::vector<size_t> held(depth);
    for (const std::vector<std::string>& forms : words) {
        std::vector<bool> holds(depth);
        for (const std::string& term : forms) {
            Xapian::PostingIterator p = db.postlist_begin(term);
            for (const auto& [docid, index] : docids) {
                p.skip_to(docid);
                if (p == db.postlist_end(term)) break;
                if (*p == docid) holds[index] = true;
            }
        }
        for (Xapian::doccount i = 0; i < depth; ++i) held[i] += holds[i];
    }
    return held;
}

std::vector<size_t> held_by_term_lists(const Xapian::Enquire& enquire, const Window& window,
                                       const QueryWords& words, Xapian::doccount depth) {
    std::vector<size_t> held(depth);
    for (Xapian::doccount i = 0; i < depth; ++i) {
        const Xapian::MSetIterator hit = window.item(window.hits[i]);
        const std::set<std::string> matching(enquire.get_matching_terms_begin(hit),
                                             enquire.get_matching_terms_end(hit));
        for (const std::vector<std::string>& forms : words)
            held[i] += std::any_of(forms.begin(), forms.end(),
                                   [&](const std::string& t) { return matching.count(t) > 0; });
    }
    return held;
}

}  // namespace

void coordinate(Window& window, const Xapian::Database& db, const Xapian::Enquire& enquire,
                const QueryWords& words, Xapian::doccount depth, double weight, bool remote) {
    std::vector<Ranked>& hits = window.hits;
    depth = std::min<Xapian::doccount>(depth, hits.size());
    if (depth < 2 || words.size() < 2 || weight == 0) return;
    const std::vector<size_t> held = remote ? held_by_term_lists(enquire, window, words, depth)
                                            : held_by_postings(db, window, words, depth);
    const double top = window.max_attained;
    for (Xapian::doccount i = 0; i < depth; ++i)
        hits[i].score += weight * top * static_cast<double>(held[i]) / words.size();
    std::stable_sort(hits.begin(), hits.begin() + depth,
                     [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
}

}  // namespace gazette
