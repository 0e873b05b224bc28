#include "cli_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "config_file.h"
#include "database.h"

namespace gazette::cli {
namespace {

constexpr const char* kConfigHelp =
    "\nSettings: every long option may also be set as 'name = value' in a config file:\n"
    "/etc/gazette.conf, ~/.config/gazette/gazette.conf, then $GAZETTE_CONFIG (later ones win,\n"
    "the command line wins over all); see docs/config.md.\n";

po::option as_option(const ConfigEntry& entry) {
    po::option option(entry.name, {entry.value});
    option.original_tokens = {entry.name, entry.value};
    return option;
}

// A config line names a long option of this tool and gives it a good value
// (stored on its own, to find out, in a scratch map).
void check_entry(const ConfigEntry& entry, const Tool& tool,
                 const po::options_description& options) {
    const po::option_description* known = options.find_nothrow(entry.name, false, false, false);
    if (!known || entry.name == "help" || entry.name == "version")
        throw po::error(fmt::format(
            "{}: '{}' is not an option of {}{}", entry.where(), entry.name, tool.name,
            entry.section.empty() ? " (lines for one tool go under [index] or [search])" : ""));
    po::parsed_options one(&options);
    one.options.push_back(as_option(entry));
    po::variables_map scratch;
    try {
        po::store(one, scratch);
    } catch (const po::error& e) {
        throw po::error(fmt::format("{}: {}", entry.where(), e.what()));
    }
}

// Stores one file's lines for this tool; options set already (by the command
// line, or a file that wins over this one) keep their values.
void store_file(std::vector<ConfigEntry>::const_iterator begin,
                std::vector<ConfigEntry>::const_iterator end, const Tool& tool,
                const po::options_description& options, po::variables_map& vm) {
    po::parsed_options parsed(&options);
    for (auto it = begin; it != end; ++it) {
        if (!it->section.empty() && it->section != tool.section) continue;
        check_entry(*it, tool, options);
        parsed.options.push_back(as_option(*it));
    }
    try {
        po::store(parsed, vm);
    } catch (const po::error_with_option_name& e) {  // an option given twice in the file
        const std::string name =
            e.get_option_name().substr(e.get_option_name().find_first_not_of('-'));
        auto line = std::find_if(begin, end, [&](const ConfigEntry& c) { return c.name == name; });
        line = std::find_if(std::next(line), end,
                            [&](const ConfigEntry& c) { return c.name == name; });
        throw po::error(fmt::format("{}: {}", line == end ? begin->file : line->where(), e.what()));
    }
}

void store_config(const Tool& tool, const po::options_description& options, po::variables_map& vm) {
    std::vector<ConfigEntry> entries;
    try {
        entries = read_user_config();
    } catch (const ConfigError& e) {
        throw po::error(e.what());
    }
    for (auto begin = entries.begin(); begin != entries.end();) {
        const auto end = std::find_if(begin, entries.end(),
                                      [&](const ConfigEntry& e) { return e.file != begin->file; });
        store_file(begin, end, tool, options, vm);
        begin = end;
    }
}

}  // namespace

po::options_description database_options(std::vector<std::string>& locations, Access access) {
    po::options_description group("Database");
    group.add_options()(
        "db", po::value(&locations)->value_name("LOCATION")->notifier([](const auto& given) {
            for (const std::string& location : given)
                if (location.empty()) throw po::error("--db needs a path, and '' is none");
        }),
        access == Access::kRead
            ? "database directory, stub file of shards, or tcp://HOST:PORT (repeatable; default "
              "$GAZETTE_DB, else db in a config file, else ./gazette-db)"
            : "database directory to create or update (default $GAZETTE_DB, else db in a config "
              "file, else ./gazette-db)");
    return group;
}

po::options_description general_options() {
    po::options_description group("General");
    group.add_options()("help,h", "show this help and exit")("version", "show the version");
    return group;
}

bool parse_command_line(int argc, char** argv, const Tool& tool,
                        const po::options_description& visible, std::vector<std::string>* words,
                        po::variables_map& vm) {
    po::options_description all = visible;
    po::positional_options_description positional;
    if (words) {
        all.add_options()("gazette-words", po::value(words));
        positional.add("gazette-words", -1);
    }
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    // $GAZETTE_DB names the database before the config files do.
    const char* db = std::getenv("GAZETTE_DB");
    if (db && *db && !vm.count("db") && visible.find_nothrow("db", false)) {
        po::parsed_options env(&visible);
        env.options.emplace_back("db", std::vector<std::string>{db});
        po::store(env, vm);
    }
    if (vm.count("help")) {
        std::cout << tool.usage << '\n'
                  << visible << (tool.section ? kConfigHelp : "") << tool.exit_codes;
        return true;
    }
    if (vm.count("version")) {
        std::cout << tool.name << ' ' << GAZETTE_VERSION << '\n';
        return true;
    }
    if (tool.section) store_config(tool, visible, vm);
    po::notify(vm);
    return false;
}

void default_locations(std::vector<std::string>& locations) {
    if (locations.empty()) locations.push_back(default_database_location());
}

}  // namespace gazette::cli
