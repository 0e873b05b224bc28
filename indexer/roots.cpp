#include "roots.h"

#include <fmt/format.h>

#include <algorithm>

#include "schema.h"
#include "walker.h"

namespace gazette {
namespace fs = std::filesystem;
std::string file_key(const Root& root, std::string_view relative) {
    return relative.empty() ? root.name : root.name + "/" + std::string(relative);
}

bool lies_in(const Root& root, std::string_view relative, std::string_view key) {
    // The key's own parts, not file_key(root, relative): no string is made.
    if (!key.starts_with(root.name)) return false;
    key.remove_prefix(root.name.size());
    if (!relative.empty()) {
        if (!key.starts_with('/')) return false;
        key.remove_prefix(1);
        if (!key.starts_with(relative)) return false;
        key.remove_prefix(relative.size());
    }
    return key.empty() || key.front() == '/';
}

bool holds(const Root& root, std::string_view key) {
    return lies_in(root, "", key);
}

bool RootPart::holds(std::string_view key) const {
    return lies_in(root, under, key);
}

bool RootPart::covers(const RootPart& other) const {
    return root.name == other.root.name && holds(file_key(other.root, other.under));
}

RootSet RootSet::from_metadata(const std::vector<std::pair<std::string, std::string>>& entries) {
    RootSet set;
    for (const auto& [key, value] : entries)
        if (key.starts_with(schema::kRootKeyPrefix) && !value.empty())
            set.roots_.push_back({key.substr(schema::kRootKeyPrefix.size()), value});
    return set;
}

const Root* RootSet::find_name(std::string_view name) const {
    for (const Root& r : roots_)
        if (r.name == name) return &r;
    return nullptr;
}

const Root* RootSet::find_path(const fs::path& canonical) const {
    for (const Root& r : roots_)
        if (r.path == canonical) return &r;
    return nullptr;
}

std::string RootSet::free_name(const fs::path& path) const {
    std::vector<std::string> parts;
    for (const fs::path& part : path.relative_path()) parts.push_back(part.string());
    if (parts.empty()) parts.push_back("root");  // the file system's root itself
    std::string name;
    for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
        name = name.empty() ? *part : *part + "-" + name;
        if (!find_name(name)) return name;
    }
    for (int n = 2;; ++n)
        if (const std::string numbered = fmt::format("{}-{}", name, n); !find_name(numbered))
            return numbered;
}

const Root* RootSet::holding(const fs::path& canonical) const {
    const Root* inner = nullptr;  // roots may nest: the innermost holds it
    for (const Root& r : roots_)
        if (canonical != r.path && within(canonical, r.path) &&
            (!inner || within(r.path, inner->path)))
            inner = &r;
    return inner;
}

void RootSet::check_free(const fs::path& canonical, std::string_view except) const {
    for (const Root& r : roots_)
        if (r.name != except && within(canonical, r.path))
            throw RootError(fmt::format(
                "{} lies inside the root '{}' ({}): index that root, or --forget it first",
                canonical.string(), r.name, r.path.string()));
}

Root RootSet::add(const fs::path& canonical) {
    if (const Root* same = find_path(canonical)) return *same;
    check_free(canonical, "");
    roots_.push_back({free_name(canonical), canonical});
    std::erase(removed_, roots_.back().name);
    return roots_.back();
}

Root RootSet::move(const std::string& name, const fs::path& canonical) {
    check_free(canonical, name);
    const auto it =
        std::find_if(roots_.begin(), roots_.end(), [&](const Root& r) { return r.name == name; });
    if (it == roots_.end()) throw RootError(fmt::format("no root '{}' to move", name));
    it->path = canonical;
    return *it;
}

void RootSet::remove(const std::string& name) {
    if (std::erase_if(roots_, [&](const Root& r) { return r.name == name; }) > 0)
        removed_.push_back(name);
}

std::vector<std::pair<std::string, std::string>> RootSet::metadata() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Root& r : roots_)
        out.emplace_back(std::string(schema::kRootKeyPrefix) + r.name, r.path.string());
    for (const std::string& name : removed_)
        out.emplace_back(std::string(schema::kRootKeyPrefix) + name, "");
    return out;
}

}  // namespace gazette
