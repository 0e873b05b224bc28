#include "database.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

namespace gazette {
namespace {

Xapian::Database open_location(const std::string& location) {
    constexpr std::string_view kTcp = "tcp://";
    if (location.starts_with(kTcp)) {
        const std::string hostport = location.substr(kTcp.size());
        const auto colon = hostport.rfind(':');
        if (colon == std::string::npos)
            throw DatabaseError(fmt::format("'{}': expected tcp://HOST:PORT", location));
        const unsigned port = std::stoul(hostport.substr(colon + 1));
        return Xapian::Remote::open(hostport.substr(0, colon), port);
    }
    if (!std::filesystem::exists(location))
        throw DatabaseError(
            fmt::format("no database at '{}'; create one with: gazette-index --db {} FOLDER",
                        location, location));
    return Xapian::Database(location);
}

}  // namespace

ReadableDatabase open_readable(const std::vector<std::string>& locations) {
    ReadableDatabase out;
    try {
        for (const std::string& location : locations) out.db.add_database(open_location(location));
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

}  // namespace gazette
