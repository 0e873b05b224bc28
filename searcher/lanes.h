// Lanes: one search on several cores at once, over a database of several
// local shards. Each lane matches on the whole database, so that Xapian
// weighs every word by the statistics of all the shards, but finds documents
// only in the lane's own shards; the lanes' top hits, merged, are the top
// hits of one match over the whole database.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gazette {

// A database splits into lanes from this many articles: below it a search
// takes about a millisecond, and a thread and a second handle on the shards
// cost more than a lane saves (docs/benchmarks.md, "Lanes").
inline constexpr Xapian::doccount kMinLaneArticles = 100000;

struct Lane {
    Xapian::Database db;              // the whole database, on a handle of the lane's own
    std::vector<std::string> shards;  // UUIDs of the shards it finds documents in
};

// The lanes to search `db` (opened from `locations`, every shard present) in:
// at most `lanes` of them (0: one a core), the shards spread over them by
// size. None when one match is as good: one shard, a remote shard, shards
// with one UUID (the same database twice), one lane asked for or one core,
// or, with lanes = 0, fewer than kMinLaneArticles articles.
std::vector<Lane> plan_lanes(const std::vector<std::string>& locations, const Xapian::Database& db,
                             unsigned lanes);

// `query`, matching only the documents of the lane's shards.
Xapian::Query in_lane(const Xapian::Query& query, const Lane& lane);

// What the match spies of a search's lanes counted (each spy's seen()),
// added up into `sum` by Counts::merge; a single lane's counts as they are.
template <typename Counts, typename Spy>
const Counts& added_up(const std::vector<std::unique_ptr<Spy>>& spies, Counts& sum) {
    if (spies.size() == 1) return spies.front()->seen();
    for (const auto& spy : spies) sum.merge(spy->seen());
    return sum;
}

// Whether some lane's spy stopped counting at its `sample` of the matches.
template <typename Spy>
bool sampled(const std::vector<std::unique_ptr<Spy>>& spies, size_t sample) {
    return std::any_of(spies.begin(), spies.end(),
                       [&](const auto& spy) { return spy->seen().seen >= sample; });
}

// Runs work(i) for each i < n at once, 0 on the calling thread, the others on
// threads of their own; waits for all, then rethrows the first failure.
void run_lanes(size_t n, const std::function<void(size_t)>& work);

}  // namespace gazette
