// Gazette's config files: "name = value" lines that set the long options of the
// front ends, read from /etc/gazette.conf, ~/.config/gazette/gazette.conf and
// $GAZETTE_CONFIG (docs/config.md). Lines before any "[section]" are for every
// front end; "[index]", "[search]" and "[cgi]" for one.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace gazette {

struct ConfigEntry {
    std::string section;  // "" for the top, else "index", "search" or "cgi"
    std::string name, value;
    std::string file;
    int line = 0;
    std::string where() const { return file + ":" + std::to_string(line); }
};

// A config file that cannot be read or has a bad line; the message starts
// with "FILE:LINE: " when a line is at fault.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The entries of a config file's text: "name = value" (spaces around the
// name and value trimmed; the value may hold "#"), "[section]", and blank
// lines and lines starting with "#" or ";". Throws ConfigError for another
// line or an unknown section, naming `file` and the line.
std::vector<ConfigEntry> parse_config(const std::string& text, const std::string& file);

// The entries of a file; none when it does not exist and `required` is false.
std::vector<ConfigEntry> read_config(const std::filesystem::path& file, bool required);

// The config files of the command-line tools, the one that wins first:
// $GAZETTE_CONFIG (required to exist when set), then
// $XDG_CONFIG_HOME/gazette/gazette.conf (~/.config when unset), then
// /etc/gazette.conf. Each entry knows its file and line.
std::vector<ConfigEntry> read_user_config();

}  // namespace gazette
