#include "query_tree.h"

#include <vector>

namespace gazette {
namespace {

bool rebuildable(Xapian::Query::op op) {
    switch (op) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_MAX:
            return true;
        default:
            return false;
    }
}

}  // namespace

Xapian::Query rewrite(
    const Xapian::Query& query,
    const std::function<std::optional<Xapian::Query>(const Xapian::Query&)>& change) {
    if (std::optional<Xapian::Query> changed = change(query)) return *changed;
    const Xapian::Query::op op = query.get_type();
    if (!rebuildable(op)) return query;
    std::vector<Xapian::Query> parts;
    for (size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(i > 0 && (op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_AND_NOT)
                            ? query.get_subquery(i)
                            : rewrite(query.get_subquery(i), change));
    return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace gazette
