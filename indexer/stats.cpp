#include "stats.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "db_files.h"
#include "schema.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

// Sections shown in the text form.
constexpr size_t kTopSections = 10;

// "19870226" -> "1987-02-26"; anything else as it is.
std::string iso(const std::string& value) {
    if (value.size() != 8) return value;
    return value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2);
}

uintmax_t bytes_under(const fs::path& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
    uintmax_t total = 0;
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    return total;
}

std::string size_text(uintmax_t bytes) {
    if (bytes < 1000 * 1000) return fmt::format("{:.1f} kB", bytes / 1e3);
    if (bytes < 1000ull * 1000 * 1000) return fmt::format("{:.1f} MB", bytes / 1e6);
    return fmt::format("{:.2f} GB", bytes / 1e9);
}

}  // namespace

DatabaseStats database_stats(const std::string& database, Env& env) {
    DatabaseStats s;
    s.database = database;
    s.roots = list_roots(database, env);  // throws for a missing or older database
    const DatabaseFiles files(database);
    try {
        const Xapian::Database db(files.live.string());
        const schema::Settings settings =
            schema::read_settings([&](const std::string& k) { return db.get_metadata(k); });
        s.schema_version = settings.version;
        s.articles = db.get_doccount();
        s.shards = db.size();
        for (const RootSummary& r : s.roots) s.files += r.files;
        s.dated = db.get_value_freq(schema::kDateSlot);
        if (s.dated > 0) {
            s.first_date = iso(db.get_value_lower_bound(schema::kDateSlot));
            s.last_date = iso(db.get_value_upper_bound(schema::kDateSlot));
        }
        const std::string prefix(schema::kSection);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
            s.sections.emplace_back((*t).substr(prefix.size()), t.get_termfreq());
        std::stable_sort(s.sections.begin(), s.sections.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        s.languages = {settings.language};
        s.updated = db.get_metadata(schema::kUpdatedKey);
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("database '{}': {}", database, e.get_description()));
    } catch (const std::runtime_error& e) {
        throw IndexError(fmt::format("database '{}': {}", database, e.what()));
    }
    s.bytes_on_disk = bytes_under(files.live);
    return s;
}

std::string stats_text(const DatabaseStats& s) {
    std::string out;
    const auto line = [&](std::string_view name, const std::string& value) {
        out += fmt::format("{:<10}  {}\n", name, value);
    };
    line("database", s.database + (s.shards > 1 ? fmt::format(" ({} shards)", s.shards) : ""));
    line("articles", std::to_string(s.articles));
    line("files", std::to_string(s.files));
    std::string roots = std::to_string(s.roots.size());
    for (size_t i = 0; i < s.roots.size(); ++i)
        roots +=
            (i == 0 ? " (" : ", ") + s.roots[i].root.name + (i + 1 == s.roots.size() ? ")" : "");
    line("roots", roots);
    line("dates", s.dated == 0 ? "none"
                               : fmt::format("{} to {} ({} articles dated)", s.first_date,
                                             s.last_date, s.dated));
    std::string sections = std::to_string(s.sections.size());
    for (size_t i = 0; i < s.sections.size() && i < kTopSections; ++i)
        sections += fmt::format("{}{} {}", i == 0 ? " (most: " : ", ", s.sections[i].first,
                                s.sections[i].second);
    if (!s.sections.empty()) sections += s.sections.size() > kTopSections ? ", ...)" : ")";
    line("sections", sections);
    std::string languages;
    for (const std::string& l : s.languages) languages += (languages.empty() ? "" : ", ") + l;
    line("languages", languages);
    line("size", size_text(s.bytes_on_disk) + " on disk");
    line("schema", fmt::format("version {}", s.schema_version));
    line("updated", s.updated.empty() ? "not recorded" : s.updated);
    return out;
}

std::string stats_json(const DatabaseStats& s) {
    nlohmann::ordered_json roots = nlohmann::ordered_json::array();
    for (const RootSummary& r : s.roots)
        roots.push_back({{"name", r.root.name},
                         {"path", r.root.path.string()},
                         {"files", r.files},
                         {"articles", r.articles},
                         {"held", r.held},
                         {"present", r.present}});
    nlohmann::ordered_json sections = nlohmann::ordered_json::array();
    for (const auto& [name, count] : s.sections)
        sections.push_back({{"value", name}, {"count", count}});
    const nlohmann::ordered_json out = {
        {"database", s.database},
        {"articles", s.articles},
        {"files", s.files},
        {"shards", s.shards},
        {"roots", roots},
        {"dates", {{"first", s.first_date}, {"last", s.last_date}, {"dated", s.dated}}},
        {"sections", sections},
        {"languages", s.languages},
        {"bytes_on_disk", s.bytes_on_disk},
        {"schema_version", s.schema_version},
        {"updated", s.updated}};
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace gazette
