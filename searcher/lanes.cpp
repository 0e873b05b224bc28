#include "lanes.h"

#include <algorithm>
#include <exception>
#include <set>
#include <thread>

#include "database.h"

namespace gazette {
namespace {

// Every document of the lane's shards, none of the others': Xapian runs a
// posting source on each shard apart (init() gets the shard), so a shard
// outside the lane ends the match there at once.
class ShardFilter : public Xapian::PostingSource {
  public:
    explicit ShardFilter(std::vector<std::string> shards) : shards_(std::move(shards)) {}

    ShardFilter* clone() const override { return new ShardFilter(shards_); }
    void init(const Xapian::Database& shard) override {
        const bool mine =
            std::find(shards_.begin(), shards_.end(), shard.get_uuid()) != shards_.end();
        db_ = shard;
        count_ = mine ? shard.get_doccount() : 0;
        started_ = false;
        // Xapian reads "every document" of a shard whose ids have no gaps
        // without touching the disk.
        if (mine) at_ = db_.postlist_begin("");
    }
    Xapian::doccount get_termfreq_min() const override { return count_; }
    Xapian::doccount get_termfreq_est() const override { return count_; }
    Xapian::doccount get_termfreq_max() const override { return count_; }
    void next(double) override {
        if (started_) ++at_;
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        at_.skip_to(did);
        started_ = true;
    }
    bool at_end() const override {
        return count_ == 0 || (started_ && at_ == db_.postlist_end(""));
    }
    Xapian::docid get_docid() const override { return *at_; }

  private:
    std::vector<std::string> shards_;
    Xapian::Database db_;
    Xapian::PostingIterator at_;
    Xapian::doccount count_ = 0;
    bool started_ = false;
};

struct Shard {
    std::string uuid;
    Xapian::doccount articles;
};

}  // namespace

std::vector<Lane> plan_lanes(const std::vector<std::string>& locations, const Xapian::Database& db,
                             unsigned lanes) {
    if (lanes == 0) {
        if (db.get_doccount() < kMinLaneArticles) return {};
        lanes = std::thread::hardware_concurrency();
    }
    lanes = std::min<size_t>(lanes, db.size());
    if (lanes < 2) return {};  // decided before reading a stub or opening a shard
    const std::vector<std::string> shards = expand_locations(locations);
    if (db.size() != shards.size()) return {};
    std::vector<Shard> sizes;
    std::set<std::string> uuids;
    for (const std::string& location : shards) {
        if (location.starts_with("tcp://")) return {};
        const Xapian::Database shard(location);
        sizes.push_back({shard.get_uuid(), shard.get_doccount()});
        if (sizes.back().uuid.empty() || !uuids.insert(sizes.back().uuid).second) return {};
    }
    // Largest shards first, each to the lane with the fewest articles so far.
    std::stable_sort(sizes.begin(), sizes.end(),
                     [](const Shard& a, const Shard& b) { return a.articles > b.articles; });
    std::vector<Lane> out(lanes);
    std::vector<Xapian::doccount> load(lanes);
    for (const Shard& shard : sizes) {
        const size_t i = std::min_element(load.begin(), load.end()) - load.begin();
        out[i].shards.push_back(shard.uuid);
        load[i] += shard.articles;
    }
    // Lane 0 runs on the caller's thread, on the caller's handle; the others
    // need handles of their own (Xapian's objects are not shared by threads).
    out[0].db = db;
    for (size_t i = 1; i < out.size(); ++i)
        for (const std::string& location : shards)
            out[i].db.add_database(Xapian::Database(location));
    return out;
}

Xapian::Query in_lane(const Xapian::Query& query, const Lane& lane) {
    return Xapian::Query(Xapian::Query::OP_FILTER, query,
                         Xapian::Query((new ShardFilter(lane.shards))->release()));
}

void run_lanes(size_t n, const std::function<void(size_t)>& work) {
    std::vector<std::exception_ptr> failed(n);
    const auto guarded = [&](size_t i) {
        try {
            work(i);
        } catch (...) {
            failed[i] = std::current_exception();  // rethrown below, on the caller's thread
        }
    };
    std::vector<std::jthread> threads;
    for (size_t i = 1; i < n; ++i) threads.emplace_back(guarded, i);
    guarded(0);
    threads.clear();  // joins
    for (const std::exception_ptr& e : failed)
        if (e) std::rethrow_exception(e);
}

}  // namespace gazette
