// Runs a SearchRequest against an open database and returns plain results:
// ranking, sorting, paging, stored fields and snippets.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>

#include "article.h"
#include "database.h"
#include "lanes.h"
#include "request.h"
#include "results.h"

namespace gazette {

class QueryBuilder;

class Searcher {
  public:
    // Opens the locations (see open_readable); throws DatabaseError. `lanes`:
    // how many cores one search may use over local shards (plan_lanes; 0:
    // one a core, on a database of kMinLaneArticles or more).
    explicit Searcher(const std::vector<std::string>& locations, bool allow_partial = false,
                      unsigned lanes = 0);

    // Throws QueryError for an unusable query, Xapian::Error when the
    // database fails. Retries once on a database modified by a running
    // indexer; with allow_partial, leaves out a shard that stopped answering.
    SearchResults search(const SearchRequest& request);

    // One whole article by id, for an article view, the words of `query`
    // marked; nothing if there is none. Throws QueryError for an unusable query.
    std::optional<ArticleView> article(const std::string& id, const std::string& query = {});

    // Moves to the latest revision an indexer committed since the database
    // was opened. A database rebuilt and swapped in is another database at
    // the same path: that takes a new Searcher.
    void reopen();

    // How many lanes a ranked search runs in (1: no lanes).
    size_t lanes() const { return std::max<size_t>(1, lanes_.size()); }

  private:
    SearchResults run(const SearchRequest& request);
    Xapian::Enquire enquire_on(const Xapian::Database& db, const SearchRequest& request,
                               QueryBuilder& builder, Xapian::MultiValueKeyMaker& keys);
    Xapian::Query like_query(const std::string& id);
    std::unique_ptr<Xapian::Weight> weighting(const SearchRequest& request) const;
    Xapian::Query with_recency(const Xapian::Query& query, const SearchRequest& request) const;
    Xapian::Query expanded(const Xapian::Query& query, Xapian::Enquire& enquire, unsigned top);

    std::vector<std::string> locations_;
    bool allow_partial_;
    ReadableDatabase db_;
    std::vector<Lane> lanes_;  // none: one match a search
};

}  // namespace gazette
