// The top of a ranking, read from a window of plain relevance order: ties in
// score broken by article id and copies of a story folded into one hit.
//
// Xapian can do both itself (sort by relevance then value, a collapse key),
// but then it reads two values of every candidate it weighs, which cost a
// headline query about a third of its time. Read here, they are values of the
// window's hits only; a tie at the window's edge falls back to Xapian's exact
// sort, and a window left short by folding is widened.
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>
#include <vector>

namespace gazette {

// A hit in its final place: its index in the MSet, its score and how many
// copies of it were folded into it.
struct Ranked {
    Xapian::doccount index;
    double score;
    Xapian::doccount copies = 0;
};

struct Window {
    Xapian::MSet mset;
    std::vector<Ranked> hits;        // at most the count asked for, best first
    Xapian::doccount estimated = 0;  // matches, copies folded
    bool exact = false;              // `estimated` is the exact count
};

struct WindowOptions {
    Xapian::doccount count = 0;              // hits wanted from the top
    Xapian::doccount check_at_least = 0;     // passed on to get_mset
    std::optional<Xapian::valueno> fold;     // copies share this value
    std::optional<Xapian::valueno> ties_by;  // ties in score sort by this value
    bool remote = false;                     // the database has remote shards
    // Called before each run of the match (the window may widen, or hand
    // ties to Xapian's sort): match spies attached here count the last run.
    std::function<void(Xapian::Enquire&)> before_run;
};

// The first `count` hits of `enquire`'s query on `db`. With `ties_by`, the enquire
// must rank by relevance alone; it may be switched to Xapian's own sort.
Window top_hits(const Xapian::Database& db, Xapian::Enquire& enquire, const WindowOptions& options);

}  // namespace gazette
