#include "request.h"

#include <algorithm>

namespace gazette {

const std::vector<std::string>& Filters::of(std::string_view field) const {
    static const std::vector<std::string> none;
    const auto it = values.find(field);
    return it == values.end() ? none : it->second;
}

bool Filters::empty() const {
    return since.empty() && until.empty() &&
           std::all_of(values.begin(), values.end(),
                       [](const auto& v) { return v.second.empty(); });
}

}  // namespace gazette
