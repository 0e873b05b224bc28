#include "ranking.h"

#include <algorithm>
#include <cmath>

#include "query_tree.h"

namespace gazette {
namespace {

double burstiness(const std::string& term, const Xapian::Database& db, double beta) {
    const Xapian::doccount n = db.get_termfreq(term);
    if (n == 0) return 1;
    return std::pow((static_cast<double>(db.get_collection_freq(term)) + 1) / n, beta);
}

}  // namespace

Xapian::Query weigh_burstiness(const Xapian::Query& query, const Xapian::Database& db,
                               double beta) {
    return rewrite(query, [&](const Xapian::Query& q) -> std::optional<Xapian::Query> {
        if (q.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q,
                             burstiness(*q.get_terms_begin(), db, beta));
    });
}

namespace {

// How many of `words` each of the first `depth` hits holds, by skipping along
// each word's posting list: a few B-tree lookups a word, where reading the
// hits' term lists would decode every term of 30 articles.
std::vector<size_t> held_by_postings(const Xapian::Database& db, const Window& window,
                                     const std::set<std::string>& words, Xapian::doccount depth) {
    std::vector<std::pair<Xapian::docid, Xapian::doccount>> docids;  // docid, place: ascending
    for (Xapian::doccount i = 0; i < depth; ++i)
        docids.emplace_back(*window.item(window.hits[i]), i);
    std::sort(docids.begin(), docids.end());
    std::vector<size_t> held(depth);
    for (const std::string& word : words) {
        Xapian::PostingIterator p = db.postlist_begin(word);
        for (const auto& [docid, index] : docids) {
            p.skip_to(docid);
            if (p == db.postlist_end(word)) break;
            if (*p == docid) ++held[index];
        }
    }
    return held;
}

std::vector<size_t> held_by_term_lists(const Xapian::Enquire& enquire, const Window& window,
                                       const std::set<std::string>& words, Xapian::doccount depth) {
    std::vector<size_t> held(depth);
    for (Xapian::doccount i = 0; i < depth; ++i) {
        const Xapian::MSetIterator hit = window.item(window.hits[i]);
        for (auto t = enquire.get_matching_terms_begin(hit);
             t != enquire.get_matching_terms_end(hit); ++t)
            held[i] += words.count(*t);
    }
    return held;
}

}  // namespace

void coordinate(Window& window, const Xapian::Database& db, const Xapian::Enquire& enquire,
                const std::set<std::string>& words, Xapian::doccount depth, double weight,
                bool remote) {
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
