// Option groups shared by the command-line tools, so every binary spells and
// documents the same option the same way.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace gazette::cli {

namespace po = boost::program_options;

// --db LOCATION. Searching takes several (directories, stub files of shards,
// tcp://host:port); indexing writes one directory.
enum class Access { kRead, kWrite };
po::options_description database_options(std::vector<std::string>& locations, Access access);

// --help, --version.
po::options_description general_options();

// What a tool says of itself in --help, and its section of the config files.
struct Tool {
    const char* name;        // "gazette-search"
    const char* usage;       // the lines before the options
    const char* exit_codes;  // the lines after them
    const char* section;     // "search": its [search] lines in config files; nullptr
                             // for a tool that reads none (the measuring tools)
};

// Parses the command line by `visible` plus, when `words` is given, positional
// words into it, then the config files (config_file.h), the command line
// winning, then $GAZETTE_CONFIG, then ~/.config/gazette/gazette.conf, then
// /etc/gazette.conf. A config line must name a long option of this tool: at
// the top of a file (for every tool) or in the tool's section; other sections
// are skipped. Prints the help or the version and returns true when that is
// all that was asked. Throws po::error on a usage error, an unreadable config
// file or a bad config line (naming its file and line).ConfigError for an unreadable config file.
bool parse_command_line(int argc, char** argv, const Tool& tool,
                        const po::options_description& visible, std::vector<std::string>* words,
                        po::variables_map& vm);

// Fills the default database location when --db was not given.
void default_locations(std::vector<std::string>& locations);

// Exit codes, the same for every tool.
enum ExitCode : int { kOk = 0, kPartial = 1, kFatal = 2 };

}  // namespace gazette::cli
