// Gazette's ranking: BM25 with two corrections and a bonus, each measured on
// every judged collection (docs/evaluation.md).
//
//  - Burstiness: a word that comes back many times in the articles holding it
//    (a topic word, "oil" in an oil story) says more than its document
//    frequency alone tells BM25. Each query word's weight is multiplied by
//    ((collection frequency + 1) / document frequency) ^ beta, the factor
//    IneB2 builds in fully; a small beta keeps BM25's sharpness on rare words,
//    which finds the one story a reader half remembers.
//  - Coordination: among the top hits, an article holding more of the query's
//    words moves up (BM25 alone lets one frequent word outweigh two others).
//  - Exact forms (under every ranking): among the top hits, an article
//    holding a word in the form typed ("dredging", not only "dredged") ranks
//    a little higher.
//
// They act through the query and the top of the result list, so remote
// shards (xapian-tcpsrv knows only Xapian's own weighting schemes) rank alike.
#pragma once

#include <xapian.h>

#include "query.h"
#include "window.h"

namespace gazette {

// The query with every weighted term (or synonym of terms, taken as one)
// scaled by its burstiness factor; phrase, proximity, wildcard and
// already-scaled subqueries are kept as they are.
Xapian::Query weigh_burstiness(const Xapian::Query& query, const Xapian::Database& db, double beta);

// Adds to each of the first `depth` of the window's hits a bonus for the
// exact forms it holds (QueryBuilder::exact_forms, weighed by `weighting`
// and schema::kExactFormWeight), and reorders them by score; ties keep their
// order. The bonus is weighed by a second match over those hits alone: in
// the query itself Xapian weighed it for every candidate, which took a fifth
// of a headline query's instructions. `remote`: as for coordinate().
void add_exact_forms(Window& window, const Xapian::Database& db, const Xapian::Query& exact,
                     const Xapian::Weight& weighting, Xapian::doccount depth, bool remote);

// Reorders the first `depth` of the window's hits: each scores its weight
// plus `weight` * the top weight * the share of `words` the article holds, so
// that scores still fall down the list (TREC evaluators sort by score). Ties
// keep their order; hits past `depth` stay as they are. `db` is the whole
// database. `remote`: it has remote shards, whose posting lists would come
// whole over the network, so each hit's matching terms are asked of `enquire`
// (the window's one match) instead.
void coordinate(Window& window, const Xapian::Database& db, const Xapian::Enquire& enquire,
                const QueryWords& words, Xapian::doccount depth, double weight, bool remote);

}  // namespace gazette
