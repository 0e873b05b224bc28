// Facet counts: how many of a search's matches have each value of a field
// (section, byline, ...). They count stories as the hits show them: copies of
// one story folded into one hit count once, so the counts agree with the
// total. Past a sample of matches (a common word at a million articles) the
// counts are scaled up and marked approximate, so a facet costs the same at
// any size.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "results.h"
#include "schema.h"

namespace gazette {

class FacetCounter {
  public:
    // Counts the named fields (schema::kFields; throws QueryError for another
    // name). With `remote`, a shard served by xapian-tcpsrv can only run
    // Xapian's own counter, which sees every copy: the facets then say so.
    FacetCounter(const std::vector<std::string>& names, bool fold_copies, bool remote);
    ~FacetCounter();

    // Counts the matches of the next get_mset on each enquire (the lanes of
    // one search, lanes.h; one when remote), afresh: call it again, after
    // clear_matchspies(), before the matches are run again.
    void attach(const std::vector<Xapian::Enquire*>& enquires);
    // The counts, largest first, after get_msets that each checked at least
    // `sample` matches, of which `stories` are estimated to be distinct
    // stories; `uncollapsed`: Xapian's estimate of the matches, copies and all.
    std::vector<Facet> facets(Xapian::doccount sample, Xapian::doccount uncollapsed,
                              Xapian::doccount stories) const;

  private:
    class StorySpy;
    std::vector<const schema::Field*> fields_;
    bool fold_copies_, remote_;
    std::vector<std::unique_ptr<StorySpy>> stories_;  // one a lane
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> values_;
};

}  // namespace gazette
