// Runs a SearchRequest against an open database and returns plain results:
// ranking, sorting, paging, stored fields and snippets.
#pragma once

#include "database.h"
#include "request.h"
#include "results.h"

namespace gazette {

class Searcher {
  public:
    // Opens the locations (see open_readable); throws DatabaseError.
    explicit Searcher(const std::vector<std::string>& locations);

    // Throws QueryError for an unusable query. Retries once on a database
    // modified by a running indexer.
    SearchResults search(const SearchRequest& request);

  private:
    SearchResults run(const SearchRequest& request);

    std::vector<std::string> locations_;
    ReadableDatabase db_;
};

}  // namespace gazette
