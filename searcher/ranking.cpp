#include "ranking.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>

#include "query_tree.h"
#include "schema.h"

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

// The documents of `docids` (numbered in the whole database) and no others.
// Xapian runs a posting source on each shard apart, numbered as in the
// shard: the whole database interleaves its shards' numbers, in the order of
// their UUIDs in its own.
class Documents : public Xapian::PostingSource {
  public:
    Documents(std::vector<Xapian::docid> docids, std::vector<std::string> shards)
        : docids_(std::move(docids)), shards_(std::move(shards)) {
        std::sort(docids_.begin(), docids_.end());
    }
    Documents* clone() const override { return new Documents(docids_, shards_); }
    void init(const Xapian::Database& shard) override {
        const auto n = static_cast<Xapian::docid>(shards_.size());
        const auto k = static_cast<Xapian::docid>(
            std::find(shards_.begin(), shards_.end(), shard.get_uuid()) - shards_.begin());
        mine_.clear();
        for (const Xapian::docid d : docids_)
            if ((d - 1) % n == k) mine_.push_back((d - 1) / n + 1);
        at_ = mine_.end();
        started_ = false;
    }
    Xapian::doccount get_termfreq_min() const override { return mine_.size(); }
    Xapian::doccount get_termfreq_est() const override { return mine_.size(); }
    Xapian::doccount get_termfreq_max() const override { return mine_.size(); }
    void next(double) override {
        at_ = started_ ? at_ + 1 : mine_.begin();
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        at_ = std::lower_bound(started_ ? at_ : mine_.begin(), mine_.end(), did);
        started_ = true;
    }
    bool at_end() const override { return started_ && at_ == mine_.end(); }
    Xapian::docid get_docid() const override { return *at_; }

  private:
    std::vector<Xapian::docid> docids_;
    std::vector<std::string> shards_;
    std::vector<Xapian::docid> mine_;  // in this shard's numbers
    std::vector<Xapian::docid>::iterator at_;
    bool started_ = false;
};

// The shards' UUIDs in the database's order, if each tells its shard apart.
std::optional<std::vector<std::string>> shard_uuids(const Xapian::Database& db) {
    std::vector<std::string> uuids;
    const std::string all = db.get_uuid();
    for (size_t at = 0; !all.empty() && at <= all.size();) {
        const size_t colon = std::min(all.find(':', at), all.size());
        uuids.push_back(all.substr(at, colon - at));
        at = colon + 1;
    }
    std::vector<std::string> sorted = uuids;
    std::sort(sorted.begin(), sorted.end());
    if (uuids.size() != db.size() ||
        std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        return std::nullopt;
    return uuids;
}

// A filter matching the first `depth` hits of the window alone. Locally by
// their document numbers; a remote shard (which knows only Xapian's posting
// sources) or a database that holds a shard twice is asked by the
// articles' id terms, which cost a B-tree lookup each.
Xapian::Query just(const Window& window, Xapian::doccount depth, const Xapian::Database& db,
                   bool remote) {
    std::vector<Xapian::docid> docids;
    for (Xapian::doccount i = 0; i < depth; ++i) docids.push_back(*window.item(window.hits[i]));
    if (!remote)
        if (auto uuids = shard_uuids(db))
            return Xapian::Query((new Documents(std::move(docids), std::move(*uuids)))->release());
    for (const Xapian::MSet& mset : window.msets) mset.fetch();  // one round trip a shard
    std::vector<Xapian::Query> ids;
    for (Xapian::doccount i = 0; i < depth; ++i) {
        const std::string id =
            window.item(window.hits[i]).get_document().get_value(schema::kIdSlot);
        ids.emplace_back(schema::boolean_term(schema::kId, id));
    }
    return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
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

void add_exact_forms(Window& window, const Xapian::Database& db, const Xapian::Query& exact,
                     const Xapian::Weight& weighting, Xapian::doccount depth, bool remote) {
    std::vector<Ranked>& hits = window.hits;
    depth = std::min<Xapian::doccount>(depth, hits.size());
    if (depth == 0 || exact.empty()) return;
    std::unordered_map<Xapian::docid, Xapian::doccount> place;  // docid -> hit
    for (Xapian::doccount i = 0; i < depth; ++i) place.emplace(*window.item(hits[i]), i);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(weighting);
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        Xapian::Query(Xapian::Query::OP_FILTER, exact, just(window, depth, db, remote)),
        schema::kExactFormWeight));
    const Xapian::MSet bonus = enquire.get_mset(0, 2 * depth);
    for (auto it = bonus.begin(); it != bonus.end(); ++it) {
        const auto found = place.find(*it);
        if (found == place.end()) continue;  // another article of the same id
        hits[found->second].score += it.get_weight();
        window.max_attained = std::max(window.max_attained, hits[found->second].score);
    }
    std::stable_sort(hits.begin(), hits.begin() + depth,
                     [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
}

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
