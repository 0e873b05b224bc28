// The timeline: how many of a search's matches fall in each year, or each
// month when they span under three years, with the undated ones beside. It
// counts the way facets do (facets.h): copies of one story once, and past a
// sample of matches scaled up and marked approximate.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <vector>

#include "results.h"

namespace gazette {

// Months spanned (first to last, inclusive) up to which the timeline is by month.
constexpr int kMaxMonthlySpan = 36;

class TimelineCounter {
  public:
    // With `remote`, as for facets, Xapian's own counter (every copy) is all
    // a shard served by xapian-tcpsrv can run.
    TimelineCounter(bool fold_copies, bool remote);
    ~TimelineCounter();

    // Counts the matches of the next get_mset on each enquire (the lanes of
    // one search, lanes.h; one when remote), afresh: call it again, after
    // clear_matchspies(), before the matches are run again.
    void attach(const std::vector<Xapian::Enquire*>& enquires);
    // The timeline, after get_msets that each checked at least `sample`
    // matches, of which `stories` are estimated to be distinct stories;
    // `uncollapsed`: Xapian's estimate of the matches, copies and all.
    Timeline timeline(Xapian::doccount sample, Xapian::doccount uncollapsed,
                      Xapian::doccount stories) const;

  private:
    class StorySpy;
    bool fold_copies_, remote_;
    std::vector<std::unique_ptr<StorySpy>> stories_;  // one a lane
    std::unique_ptr<Xapian::ValueCountMatchSpy> values_;
};

// Counts by month (YYYYMM as a number) -> periods by month or year, oldest
// first, empty periods in between as zero; every count times `scale`.
// Apart from Xapian so that the bucketing can be tested on its own.
Timeline make_timeline(const std::map<int, size_t>& months, size_t undated, double scale);

}  // namespace gazette
