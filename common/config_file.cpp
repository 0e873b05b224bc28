#include "config_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "text.h"

namespace gazette {
namespace {

constexpr std::array<std::string_view, 3> kSections = {"index", "search", "cgi"};

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

std::vector<ConfigEntry> parse_config(const std::string& text, const std::string& file) {
    std::vector<ConfigEntry> entries;
    std::istringstream in(text);
    std::string section;
    int number = 0;
    for (std::string raw; std::getline(in, raw);) {
        ++number;
        const std::string_view line = trim(raw);
        const auto bad = [&](const std::string& why) {
            return ConfigError(fmt::format("{}:{}: {}", file, number, why));
        };
        if (line.empty() || line.starts_with('#') || line.starts_with(';')) continue;
        if (line.starts_with('[')) {
            if (!line.ends_with(']')) throw bad("a section is written [index], [search] or [cgi]");
            section = trim(line.substr(1, line.size() - 2));
            if (std::find(kSections.begin(), kSections.end(), section) == kSections.end())
                throw bad(fmt::format("unknown section [{}] (sections: [index], [search], [cgi])",
                                      section));
            continue;
        }
        const size_t eq = line.find('=');
        const std::string name(eq == std::string_view::npos ? "" : trim(line.substr(0, eq)));
        if (name.empty()) throw bad(fmt::format("'{}' is not 'name = value'", line));
        entries.push_back({section, name, std::string(trim(line.substr(eq + 1))), file, number});
    }
    return entries;
}

std::vector<ConfigEntry> read_config(const std::filesystem::path& file, bool required) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!required && !std::filesystem::exists(file, ec)) return {};
        throw ConfigError(fmt::format("cannot read the config file {}", file.string()));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), file.string());
}

std::vector<ConfigEntry> read_user_config() {
    std::vector<std::pair<std::filesystem::path, bool>> files;
    if (const std::string named = env("GAZETTE_CONFIG"); !named.empty())
        files.emplace_back(named, true);
    if (const std::string xdg = env("XDG_CONFIG_HOME"); !xdg.empty())
        files.emplace_back(std::filesystem::path(xdg) / "gazette/gazette.conf", false);
    else if (const std::string home = env("HOME"); !home.empty())
        files.emplace_back(std::filesystem::path(home) / ".config/gazette/gazette.conf", false);
    files.emplace_back("/etc/gazette.conf", false);
    std::vector<ConfigEntry> entries;
    for (const auto& [file, required] : files) {
        std::vector<ConfigEntry> more = read_config(file, required);
        entries.insert(entries.end(), more.begin(), more.end());
    }
    return entries;
}

}  // namespace gazette
