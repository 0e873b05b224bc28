// One indexing run: walk the roots, work out what changed since the last run,
// parse and build documents on worker threads, and write them through one
// writer that commits whole files at a time.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "env.h"
#include "format.h"
#include "schema.h"

namespace gazette {

struct IndexOptions {
    std::string database;
    std::vector<std::filesystem::path> roots;
    std::optional<Format> format;  // nothing: detect per file
    ParserSettings parsers;
    schema::Weights weights;
    unsigned threads = 0;  // 0: one per core
    size_t max_file_size = 64u << 20;
    bool rebuild = false;        // build afresh beside the old database, then swap
    bool keep_missing = false;   // keep articles of files that are gone
    bool wait = false;           // wait for another indexer instead of failing
    unsigned shards = 1;         // more than 1: a fresh build split by id into shards
    bool shard_by_year = false;  // a fresh build split into one shard per year
};

struct IndexStats {
    size_t files_seen = 0;
    size_t added = 0;  // files
    size_t updated = 0;
    size_t deleted = 0;
    size_t unchanged = 0;
    size_t failed = 0;
    size_t skipped = 0;   // not regular files, hidden, ...
    size_t articles = 0;  // written in this run
    uintmax_t bytes = 0;  // read in this run
    double seconds = 0;
};

// Receives what a run has to say; the CLI prints it, tests collect it.
class IndexObserver {
  public:
    virtual ~IndexObserver() = default;
    virtual void warning(const std::string& message) = 0;  // "path: reason"
    virtual void indexed(const std::string& /*path*/, size_t /*articles*/) {}
    virtual void progress(const IndexStats& /*so_far*/, size_t /*files_to_do*/) {}
};

// Thrown when the run cannot go on at all (locked, unwritable database, ...).
struct IndexError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

IndexStats index_files(const IndexOptions& options, Env& env, IndexObserver& observer);

// Merges a sharded database into one database (or compacts a single one) with
// Xapian's compaction, swapped in whole under the indexer's lock. Settings, the
// stored-text dictionary and the file records carry over, so later runs update
// it like any database.
void compact_database(const std::string& database, bool wait, Env& env, IndexObserver& observer);

}  // namespace gazette
