#include "window.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace gazette {
namespace {

struct Entry {
    Xapian::doccount index;
    double weight;
    std::string tie;  // the value ties sort by, when it ties
};

// The values in `slot` of the hits of `mset` at `indices`, in that order. A
// local database is read along the slot's value stream in document order,
// where one chunk serves neighbouring hits; remote shards send them with the
// documents.
std::vector<std::string> values_of(const Xapian::Database& db, Xapian::MSet& mset,
                                   const std::vector<Xapian::doccount>& indices,
                                   Xapian::valueno slot, bool remote) {
    std::vector<std::string> values(indices.size());
    if (remote) {
        mset.fetch();  // one round trip
        for (size_t i = 0; i < indices.size(); ++i)
            values[i] = mset[indices[i]].get_document().get_value(slot);
        return values;
    }
    std::vector<std::pair<Xapian::docid, size_t>> docids;  // ascending
    for (size_t i = 0; i < indices.size(); ++i) docids.emplace_back(*mset[indices[i]], i);
    std::sort(docids.begin(), docids.end());
    Xapian::ValueIterator v = db.valuestream_begin(slot);
    for (const auto& [docid, i] : docids) {
        v.skip_to(docid);
        if (v == db.valuestream_end(slot)) break;
        if (v.get_docid() == docid) values[i] = *v;
    }
    return values;
}

// The window's hits by weight, with the values ties sort by read for the
// hits that tie (hits of equal weight are neighbours).
std::vector<Entry> entries_of(const Xapian::Database& db, Xapian::MSet& mset, Xapian::doccount size,
                              const WindowOptions& o) {
    size = std::min(mset.size(), size);
    std::vector<Entry> entries;
    for (Xapian::doccount i = 0; i < size; ++i) entries.push_back({i, mset[i].get_weight(), {}});
    if (!o.ties_by) return entries;
    std::vector<Xapian::doccount> tied;
    for (Xapian::doccount i = 0; i < size; ++i)
        if ((i > 0 && entries[i - 1].weight == entries[i].weight) ||
            (i + 1 < size && entries[i + 1].weight == entries[i].weight))
            tied.push_back(i);
    std::vector<std::string> ties = values_of(db, mset, tied, *o.ties_by, o.remote);
    for (size_t i = 0; i < tied.size(); ++i) entries[tied[i]].tie = std::move(ties[i]);
    return entries;
}

// The entries as hits, each copy folded into the first of its story and
// counted there.
std::vector<Ranked> folded(const Xapian::Database& db, Xapian::MSet& mset,
                           const std::vector<Entry>& entries, const WindowOptions& o) {
    std::vector<Xapian::doccount> indices;
    for (const Entry& e : entries) indices.push_back(e.index);
    const std::vector<std::string> keys = values_of(db, mset, indices, *o.fold, o.remote);
    std::vector<Ranked> hits;
    std::unordered_map<std::string, size_t> kept;  // key -> its hit
    for (size_t i = 0; i < entries.size(); ++i) {
        if (!keys[i].empty()) {
            const auto [at, first] = kept.try_emplace(keys[i], hits.size());
            if (!first) {
                ++hits[at->second].copies;
                continue;
            }
        }
        hits.push_back({entries[i].index, entries[i].weight});
    }
    return hits;
}

// How many stories match: exact when every match is in the window, else
// Xapian's estimate of the matches with copies taken to be as common further
// down as among the window's `read` hits.
void count_stories(Window& w, size_t read, bool more) {
    if (!more) {
        w.estimated = static_cast<Xapian::doccount>(w.hits.size());
        w.exact = true;
        return;
    }
    const double distinct = static_cast<double>(w.hits.size()) / read;
    w.estimated = std::max(
        static_cast<Xapian::doccount>(w.hits.size()),
        static_cast<Xapian::doccount>(std::lround(w.mset.get_matches_estimated() * distinct)));
    w.exact = w.hits.size() == read &&
              w.mset.get_matches_lower_bound() == w.mset.get_matches_upper_bound();
}

}  // namespace

Window top_hits(const Xapian::Database& db, Xapian::Enquire& enquire, const WindowOptions& o) {
    // Room for a few copies, and for ties: most stories have neither.
    Xapian::doccount size = o.count + o.count / 2 + 5;
    bool xapian_sorts = false;
    for (;;) {
        Window w;
        if (o.before_run) o.before_run(enquire);
        w.mset = enquire.get_mset(0, size + 1, std::max(o.check_at_least, size + 1));
        std::vector<Entry> entries = entries_of(db, w.mset, size, o);
        if (o.ties_by && !xapian_sorts)
            std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
                return a.weight != b.weight ? a.weight > b.weight : a.tie < b.tie;
            });
        const bool more = w.mset.size() > size;
        if (o.fold) {
            w.hits = folded(db, w.mset, entries, o);
        } else {
            for (const Entry& e : entries) w.hits.push_back({e.index, e.weight});
        }
        if (more && w.hits.size() < o.count) {
            size *= 2;  // copies left the window short
            continue;
        }
        // A hit past the window scoring as much as the last one kept could
        // come before it by id: only Xapian's sort knows.
        if (more && o.ties_by && !xapian_sorts && o.count > 0 &&
            w.mset[size].get_weight() == w.hits[o.count - 1].score) {
            enquire.set_sort_by_relevance_then_value(*o.ties_by, false);
            xapian_sorts = true;
            continue;
        }
        count_stories(w, entries.size(), more);
        if (w.hits.size() > o.count) w.hits.resize(o.count);
        return w;
    }
}

}  // namespace gazette
