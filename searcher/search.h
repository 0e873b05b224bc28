// Runs a SearchRequest against an open database and returns plain results:
// ranking, sorting, paging, stored fields and snippets.
#pragma once

#include <optional>

#include "article.h"
#include "database.h"
#include "request.h"
#include "results.h"

namespace gazette {

class Searcher {
  public:
    // Opens the locations (see open_readable); throws DatabaseError.
    explicit Searcher(const std::vector<std::string>& locations, bool allow_partial = false);

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
    void reopen() { db_.db.reopen(); }

  private:
    SearchResults run(const SearchRequest& request);
    Xapian::Query like_query(const std::string& id);
    void set_weighting(Xapian::Enquire& enquire, const SearchRequest& request) const;
    Xapian::Query with_recency(const Xapian::Query& query, const SearchRequest& request) const;
    Xapian::Query expanded(const Xapian::Query& query, Xapian::Enquire& enquire, unsigned top);

    std::vector<std::string> locations_;
    bool allow_partial_;
    ReadableDatabase db_;
};

}  // namespace gazette
