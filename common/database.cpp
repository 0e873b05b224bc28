#include "database.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

#include "text.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kTcp = "tcp://";

Xapian::Database open_remote(const std::string& location) {
    const std::string hostport = location.substr(kTcp.size());
    const auto colon = hostport.rfind(':');
    if (colon == std::string::npos || colon + 1 == hostport.size())
        throw DatabaseError(fmt::format("'{}': expected tcp://HOST:PORT", location));
    const unsigned port = std::stoul(hostport.substr(colon + 1));
    return Xapian::Remote::open(hostport.substr(0, colon), port);
}

// The stub file of a location: the file itself, or a XAPIANDB inside a folder.
std::optional<fs::path> stub_file(const std::string& location) {
    if (fs::is_regular_file(location)) return fs::path(location);
    if (fs::is_regular_file(fs::path(location) / "XAPIANDB"))
        return fs::path(location) / "XAPIANDB";
    return std::nullopt;
}

// A stub's shards as locations of their own ("auto PATH" relative to the
// stub, "remote :HOST:PORT"), so that each can be opened, named and skipped
// on its own.
std::vector<std::string> shards_of(const fs::path& stub) {
    std::vector<std::string> out;
    std::ifstream in(stub);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string type, target;
        if (!(words >> type >> target) || type.starts_with('#')) continue;
        if (type == "remote" && target.starts_with(':'))
            out.push_back(std::string(kTcp) + target.substr(1));
        else
            out.push_back((stub.parent_path() / target).lexically_normal().string());
    }
    return out;
}

// gazette-index swaps a new database in with two renames: for an instant
// there is none, or a reader finds one half renamed. So a local database
// that fails to open is tried again a few times before the failure counts.
Xapian::Database open_local(const std::string& location) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            if (!fs::exists(location)) throw DatabaseError(no_database_message(location));
            return Xapian::Database(location);
        } catch (...) {
            if (attempt == kAttempts) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}

Xapian::Database open_shard(const std::string& location) {
    try {
        return location.starts_with(kTcp) ? open_remote(location) : open_local(location);
    } catch (const Xapian::Error& e) {
        throw DatabaseError(
            fmt::format("shard '{}' is unavailable: {}", location, e.get_description()));
    }
}

}  // namespace

std::vector<std::string> expand_locations(const std::vector<std::string>& locations) {
    std::vector<std::string> out;
    for (const std::string& location : locations) {
        const auto stub = location.starts_with(kTcp) ? std::nullopt : stub_file(location);
        if (!stub) {
            out.push_back(location);
            continue;
        }
        for (const std::string& shard : shards_of(*stub)) out.push_back(shard);
    }
    return out;
}

ReadableDatabase open_readable(const std::vector<std::string>& locations, bool allow_partial) {
    ReadableDatabase out;
    try {
        for (const std::string& shard : expand_locations(locations)) {
            out.remote = out.remote || shard.starts_with(kTcp);
            try {
                out.db.add_database(open_shard(shard));
            } catch (const DatabaseError& e) {
                if (!allow_partial) throw;
                out.missing.push_back(e.what());
            }
        }
        if (out.db.size() == 0)
            throw DatabaseError(out.missing.empty() ? "no database given" : out.missing.front());
        out.settings =
            schema::read_settings([&](const std::string& key) { return out.db.get_metadata(key); });
        out.codec = std::make_shared<StoredCodec>(out.db.get_metadata(schema::kDictionaryKey));
    } catch (const Xapian::Error& e) {
        throw DatabaseError(fmt::format("cannot open database: {}", e.get_description()));
    } catch (const DatabaseError&) {
        throw;
    } catch (const std::exception& e) {
        throw DatabaseError(e.what());
    }
    return out;
}

std::string default_database_location() {
    const char* env = std::getenv("GAZETTE_DB");
    return env && *env ? env : "gazette-db";
}

namespace {

// A location as one word of a command to paste: quoted when it holds blanks or quotes.
std::string shell_word(const std::string& location) {
    const bool plain =
        !location.empty() && std::all_of(location.begin(), location.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./:+-", c);
        });
    if (plain) return location;
    std::string quoted = "'";
    for (const char c : location) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// A database beside `location` whose name is a slip of the keyboard from
// its name ("gazete-db" for "gazette-db"), spelt as `location` is; or "".
std::string database_near(const std::string& location) {
    fs::path path = fs::path(location).lexically_normal();
    if (!path.has_filename()) path = path.parent_path();
    const std::string name = path.filename().string();
    std::error_code ec;
    std::string best;
    size_t best_edits = 3;
    // Never throws: a folder that can't be read has no suggestion to give.
    for (fs::directory_iterator it(path.has_parent_path() ? path.parent_path() : ".", ec), end;
         !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        const std::string other = entry.path().filename().string();
        const size_t edits = edit_distance(name, other, best_edits - 1);
        if (edits >= best_edits || other == name) continue;
        std::error_code unreadable;  // a folder that can't be looked in is none
        if (!fs::exists(entry.path() / "iamglass", unreadable) &&
            !fs::exists(entry.path() / "XAPIANDB", unreadable))
            continue;
        best = (path.parent_path() / other).string();
        best_edits = edits;
    }
    return best;
}

}  // namespace

std::string no_database_message(const std::string& location) {
    std::string message = fmt::format("no database at '{}'", location);
    if (const std::string near = database_near(location); !near.empty())
        message += fmt::format("; did you mean --db {}?", shell_word(near));
    return message +
           fmt::format(" (create one with: gazette-index --db {} FOLDER)", shell_word(location));
}

}  // namespace gazette
