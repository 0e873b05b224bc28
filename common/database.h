// Opening databases: what the searcher reads and what the indexer writes.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "schema.h"
#include "stored.h"

namespace gazette {

// Thrown when a database can't be opened; the message says what to do.
struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A database opened for searching with what it says about itself.
struct ReadableDatabase {
    Xapian::Database db;
    schema::Settings settings;
    std::shared_ptr<const StoredCodec> codec;
    std::vector<std::string> missing;  // shards left out, each "shard '...' is unavailable: why"
    bool remote = false;               // some shard is served by xapian-tcpsrv
};

// Opens one or more locations as one database. A location is a database
// directory, a stub file listing shards (or a folder holding one as XAPIANDB,
// as gazette-index --shards writes), or "tcp://host:port" for a shard served
// by xapian-tcpsrv. A shard that can't be opened is an error naming it, or,
// with allow_partial, is left out and listed in `missing`. Checks the schema
// version.
ReadableDatabase open_readable(const std::vector<std::string>& locations,
                               bool allow_partial = false);

// The shards behind the locations: stub files are read and replaced by the
// locations they list.
std::vector<std::string> expand_locations(const std::vector<std::string>& locations);

// The database location used when none is given: $GAZETTE_DB, else ./gazette-db.
std::string default_database_location();

// What every program says of a location where there is no database (a
// mistyped --db, or none built yet), with the command that makes one.
std::string no_database_message(const std::string& location);

}  // namespace gazette
