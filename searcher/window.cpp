#include "window.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "lanes.h"

namespace gazette {
namespace {

struct Entry {
    size_t match;
    Xapian::doccount index;
    Xapian::docid docid;
    double weight;
    std::string tie;  // the value ties sort by, when it ties
};

// The values in `slot` of the entries at `which`, in that order. A local
// database is read along the slot's value stream in document order, where one
// chunk serves neighbouring hits; remote shards send them with the documents.
std::vector<std::string> values_of(Window& w, const Xapian::Database& db,
                                   const std::vector<Entry>& entries,
                                   const std::vector<size_t>& which, Xapian::valueno slot,
                                   bool remote) {
    std::vector<std::string> values(which.size());
    if (remote) {
        for (Xapian::MSet& mset : w.msets) mset.fetch();  // one round trip
        for (size_t i = 0; i < which.size(); ++i) {
            const Entry& e = entries[which[i]];
            values[i] = w.msets[e.match][e.index].get_document().get_value(slot);
        }
        return values;
    }
    std::vector<std::pair<Xapian::docid, size_t>> docids;  // ascending
    for (size_t i = 0; i < which.size(); ++i) docids.emplace_back(entries[which[i]].docid, i);
    std::sort(docids.begin(), docids.end());
    Xapian::ValueIterator v = db.valuestream_begin(slot);
    for (const auto& [docid, i] : docids) {
        v.skip_to(docid);
        if (v == db.valuestream_end(slot)) break;
        if (v.get_docid() == docid) values[i] = *v;
    }
    return values;
}

// The hits of one match in its order, or of several (lanes, which rank by
// relevance) by weight.
std::vector<Entry> merged(const std::vector<Xapian::MSet>& msets) {
    std::vector<Entry> entries;
    for (size_t m = 0; m < msets.size(); ++m)
        for (Xapian::doccount i = 0; i < msets[m].size(); ++i)
            entries.push_back({m, i, *msets[m][i], msets[m][i].get_weight(), {}});
    if (msets.size() > 1)
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry& a, const Entry& b) { return a.weight > b.weight; });
    return entries;
}

// Ties in weight among the entries sorted by the value of `o.ties_by` (hits of
// equal weight are neighbours).
void sort_ties(Window& w, const Xapian::Database& db, std::vector<Entry>& entries,
               const WindowOptions& o) {
    std::vector<size_t> tied;
    for (size_t i = 0; i < entries.size(); ++i)
        if ((i > 0 && entries[i - 1].weight == entries[i].weight) ||
            (i + 1 < entries.size() && entries[i + 1].weight == entries[i].weight))
            tied.push_back(i);
    if (tied.empty()) return;
    std::vector<std::string> ties = values_of(w, db, entries, tied, *o.ties_by, o.remote);
    for (size_t i = 0; i < tied.size(); ++i) entries[tied[i]].tie = std::move(ties[i]);
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.tie < b.tie;
    });
}

// The entries as hits, each copy folded into the first of its story and
// counted there.
std::vector<Ranked> folded(Window& w, const Xapian::Database& db, const std::vector<Entry>& entries,
                           const WindowOptions& o) {
    std::vector<size_t> all(entries.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    const std::vector<std::string> keys = values_of(w, db, entries, all, *o.fold, o.remote);
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
        const Entry& e = entries[i];
        hits.push_back({e.match, e.index, e.weight});
    }
    return hits;
}

// How many stories match: exact when every match is in the window, else
// Xapian's estimate of the matches with copies taken to be as common further
// down as among the window's `read` hits. Past the window, copies may fold
// however few the window held: only without `folding` is a count of
// matches a count of stories.
void count_stories(Window& w, size_t read, bool more, bool folding) {
    Xapian::doccount lower = 0, upper = 0;
    for (const Xapian::MSet& mset : w.msets) {
        w.uncollapsed += mset.get_uncollapsed_matches_estimated();
        w.max_attained = std::max(w.max_attained, mset.get_max_attained());
        lower += mset.get_matches_lower_bound();
        upper += mset.get_matches_upper_bound();
    }
    if (!more) {
        w.estimated = static_cast<Xapian::doccount>(w.hits.size());
        w.exact = true;
        return;
    }
    Xapian::doccount estimated = 0;
    for (const Xapian::MSet& mset : w.msets) estimated += mset.get_matches_estimated();
    const double distinct = static_cast<double>(w.hits.size()) / read;
    w.estimated = std::max(static_cast<Xapian::doccount>(w.hits.size()),
                           static_cast<Xapian::doccount>(std::lround(estimated * distinct)));
    w.exact = !folding && lower == upper;
}

}  // namespace

Window top_hits(const std::vector<Match>& matches, const WindowOptions& o) {
    const Xapian::Database& db = matches.front().db;  // the whole database
    // Room for a few copies, and for ties: most stories have neither.
    Xapian::doccount size = o.count + o.count / 2 + 5;
    bool xapian_sorts = false;
    for (;;) {
        Window w;
        if (o.before_run) o.before_run(matches);
        w.msets.resize(matches.size());
        run_lanes(matches.size(), [&](size_t m) {
            w.msets[m] =
                matches[m].enquire.get_mset(0, size + 1, std::max(o.check_at_least, size + 1));
        });
        std::vector<Entry> entries = merged(w.msets);
        const bool more = entries.size() > size;
        const double next = more ? entries[size].weight : 0;  // the best weight past the window
        if (o.ties_by && more) {
            // Lanes list their ties one lane after the other: the ties at the
            // edge are sorted whole before the window takes its share.
            size_t end = size;
            while (end < entries.size() && entries[end].weight == entries[size - 1].weight) ++end;
            entries.resize(end);
        }
        if (o.ties_by) sort_ties(w, db, entries, o);
        entries.resize(std::min<size_t>(entries.size(), size));
        if (o.fold) {
            w.hits = folded(w, db, entries, o);
        } else {
            for (const Entry& e : entries) w.hits.push_back({e.match, e.index, e.weight});
        }
        if (more && w.hits.size() < o.count) {
            size *= 2;  // copies left the window short
            continue;
        }
        // A hit past the window scoring as much as the last one kept could
        // come before it by id: only Xapian's sort knows.
        if (more && o.ties_by && !xapian_sorts && o.count > 0 &&
            next == w.hits[o.count - 1].score) {
            for (const Match& m : matches)
                m.enquire.set_sort_by_relevance_then_value(*o.ties_by, false);
            xapian_sorts = true;
            continue;
        }
        count_stories(w, entries.size(), more, o.fold.has_value());
        if (w.hits.size() > o.count) w.hits.resize(o.count);
        return w;
    }
}

}  // namespace gazette
