// Opening databases: what the searcher reads and what the indexer writes.
#pragma once

#include <xapian.h>

#include <memory>
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
};

// Opens one or more locations as one database. A location is a database
// directory, a stub file listing shards, or "tcp://host:port" for a shard
// served by xapian-tcpsrv. Checks the schema version.
ReadableDatabase open_readable(const std::vector<std::string>& locations);

// The database location used when none is given: $GAZETTE_DB, else ./gazette-db.
std::string default_database_location();

}  // namespace gazette
