// Rewriting a parsed query: Xapian's queries are immutable trees, so a
// change to one part rebuilds the operators above it.
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>

namespace gazette {

// The query with `change` applied top down: a subquery for which it gives a
// query is replaced by that. Below, operators whose only parameters are their
// subqueries (AND, OR, AND_NOT, XOR, AND_MAYBE, FILTER, MAX) are rebuilt from
// their rewritten subqueries, but for the right side of a filter or an
// AND_NOT, which never weighs; the others (a phrase's window, a scale factor,
// a wildcard's pattern are not given back by Xapian) are kept as they are.
Xapian::Query rewrite(
    const Xapian::Query& query,
    const std::function<std::optional<Xapian::Query>(const Xapian::Query&)>& change);

}  // namespace gazette
