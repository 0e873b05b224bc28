// One indexing run, and the other things gazette-index does to a database.
// A run takes the database's lock, walks the roots and diffs them against the
// file records (plan.h), then writes either a fresh database swapped in whole
// (fresh_build.h: first builds, --rebuild, sharded databases) or the changes
// in place (update.h).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "env.h"
#include "format.h"
#include "roots.h"
#include "schema.h"

namespace gazette {

struct IndexOptions {
    std::string database;
    // Files and folders given: each is a root (roots.h). None: every root
    // the database records.
    std::vector<std::filesystem::path> roots;
    std::optional<Format> format;  // nothing: detect per file
    ParserSettings parsers;
    // Given: must match the database's unless it is rebuilt. None: the
    // database's own (the defaults for a new one).
    std::optional<unsigned> headline_weight, byline_weight;
    std::optional<std::string> language;  // a Xapian stemmer's name, or "none"
    unsigned threads = 0;                 // 0: one per core
    size_t max_file_size = 64u << 20;
    bool rebuild = false;            // build afresh beside the old database, then swap
    bool keep_missing = false;       // keep articles of files that are gone
    bool allow_mass_delete = false;  // let a root lose more than half of its articles
    bool follow_symlinks = false;    // follow links out of the roots, and to folders
    // Files left out (walker.h, WalkRules): not there as far as the run is
    // concerned, so their articles go like those of files that are gone.
    std::vector<std::string> exclude, include;
    bool wait = false;  // wait for another indexer instead of failing
    // Given: how to split the database (by hash, by year, or not at all).
    // None: as it is split now.
    unsigned shards = 0;  // 0: not given; 1: one database; N: by hash
    bool shard_by_year = false;
};

struct IndexStats {
    size_t roots = 0;       // walked
    size_t files_seen = 0;  // found by the walk
    size_t files_read = 0;  // read from disk (the others matched their records)
    size_t added = 0, updated = 0, deleted = 0, unchanged = 0, failed = 0;
    size_t kept = 0;      // recorded files neither re-read nor deleted: their articles stay
    size_t skipped = 0;   // seen and left alone (hidden files, excluded, links out, FIFOs, ...)
    size_t problems = 0;  // roots and folders in trouble, reported as warnings
    size_t articles_written = 0, articles_deleted = 0;
    size_t articles_stored = 0;      // in the database at the end
    size_t articles_unreadable = 0;  // in files read, but skipped with a warning (a bad line)
    uintmax_t bytes = 0;             // read in this run
    uintmax_t bytes_to_read = 0;     // by the plan (for the progress line)
    double seconds = 0;

    // Exit code 1: something was not indexed as asked.
    bool partial() const { return failed > 0 || problems > 0 || articles_unreadable > 0; }
};

// Receives what a run has to say; the CLI prints it, tests collect it.
class IndexObserver {
  public:
    virtual ~IndexObserver() = default;
    virtual void warning(const std::string& message) = 0;  // "path: reason"
    // Left alone by design (hidden files, backups): worth a line only when asked.
    virtual void skipped(const std::string& /*path*/, const std::string& /*reason*/) {}
    virtual void indexed(const std::string& /*key*/, size_t /*articles*/) {}
    virtual void progress(const IndexStats& /*so_far*/, size_t /*files_to_do*/) {}
};

// Thrown when the run cannot go on at all (locked, unwritable database,
// nothing to index, ...): exit code 2. Nothing was changed.
struct IndexError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A path given that is no root yet, where a recorded root that is gone moved
// (every file of it there, unchanged), takes that root's place: the folder
// moved or was renamed, and its articles keep their ids. (A root gone beside
// an old copy of it, a backup unmounted, is no move: it keeps its articles.)
IndexStats index_files(const IndexOptions& options, Env& env, IndexObserver& observer);

// Merges a sharded database into one database (or compacts a single one) with
// Xapian's compaction, swapped in whole under the lock. Settings, roots, the
// stored-text dictionary and the file records carry over.
void compact_database(const std::string& database, bool wait, Env& env, IndexObserver& observer);

// Removes roots (by name or path) and all their articles; returns how many
// articles went. Throws IndexError naming a root the database does not have.
size_t forget_roots(const std::string& database, const std::vector<std::string>& roots, bool wait,
                    Env& env, IndexObserver& observer);

struct RootSummary {
    Root root;
    size_t files = 0, articles = 0;
    size_t held = 0;      // of the articles, those whose deletion is held back (plan.h)
    bool present = true;  // the root is there to be walked
};
// What a database records of its roots.
std::vector<RootSummary> list_roots(const std::string& database, Env& env);

}  // namespace gazette
