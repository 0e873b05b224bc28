// The top of a ranking, read from a window of plain relevance order: ties in
// score broken by article id and copies of a story folded into one hit.
//
// Xapian can do both itself (sort by relevance then value, a collapse key),
// but then it reads two values of every candidate it weighs, which cost a
// headline query about a third of its time. Read here, they are values of the
// window's hits only; a tie at the window's edge falls back to Xapian's exact
// sort, and a window left short by folding is widened.
//
// A search split into lanes (lanes.h) runs one match a lane, at once; their
// windows are merged here into the window one match would have given.
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>
#include <vector>

namespace gazette {

// One match of a search: an enquire and the database it runs on.
struct Match {
    const Xapian::Database& db;
    Xapian::Enquire& enquire;
};

// A hit in its final place: where it is in the match results, its score and
// how many copies of it were folded into it.
struct Ranked {
    size_t match;            // which match's MSet
    Xapian::doccount index;  // in that MSet
    double score;
    Xapian::doccount copies = 0;
};

struct Window {
    std::vector<Xapian::MSet> msets;   // one a match
    std::vector<Ranked> hits;          // at most the count asked for, best first
    Xapian::doccount estimated = 0;    // matches, copies folded
    bool exact = false;                // `estimated` is the exact count
    Xapian::doccount uncollapsed = 0;  // Xapian's estimate of the matches, copies and all
    double max_attained = 0;           // the highest weight of any match

    Xapian::MSetIterator item(const Ranked& hit) const { return msets[hit.match][hit.index]; }
};

struct WindowOptions {
    Xapian::doccount count = 0;              // hits wanted from the top
    Xapian::doccount check_at_least = 0;     // passed on to each match's get_mset
    std::optional<Xapian::valueno> fold;     // copies share this value
    std::optional<Xapian::valueno> ties_by;  // ties in score sort by this value
    bool remote = false;                     // the database has remote shards
    // Called before each run of the matches (the window may widen, or hand
    // ties to Xapian's sort): match spies attached here count the last run.
    std::function<void(const std::vector<Match>&)> before_run;
};

// The first `count` hits of the matches' queries, run at once (run_lanes),
// merged. Each match's documents must be its own (lanes.h), and with several
// matches or `ties_by` the enquires rank by relevance alone; they may be
// switched to Xapian's own sort.
Window top_hits(const std::vector<Match>& matches, const WindowOptions& options);

}  // namespace gazette
