// The indexer's window on the outside world. All file reading and database
// writing goes through an Env, so tests can inject faults (a file that fails
// to read, a disk that fills, a crash between commits) without touching the
// real file system.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace gazette {

// Where the indexer's documents go. One implementation writes a Xapian
// database; tests wrap it to fail at a chosen moment.
class DatabaseSink {
  public:
    virtual ~DatabaseSink() = default;
    virtual void replace(const std::string& id_term, const Xapian::Document& doc) = 0;
    // Adds without looking for an older copy (a fresh build's scratch parts).
    virtual Xapian::docid add(const Xapian::Document& doc) = 0;
    virtual void delete_all(const std::string& term) = 0;
    virtual void set_metadata(const std::string& key, const std::string& value) = 0;
    virtual std::string get_metadata(const std::string& key) const = 0;
    // Lists the metadata keys starting with prefix.
    virtual std::vector<std::string> metadata_keys(const std::string& prefix) const = 0;
    virtual Xapian::doccount doc_count() const = 0;
    // Makes everything since the last commit durable, all or nothing.
    virtual void commit() = 0;
};

class Env {
  public:
    virtual ~Env() = default;
    // Reads at most max_bytes; throws std::runtime_error naming the reason.
    virtual std::string read_file(const std::filesystem::path& path, size_t max_bytes);
    // Opens (creating if needed) a database for writing. Throws
    // Xapian::DatabaseLockError when another writer holds it. A scratch
    // database (a shard that is compacted away at the end) skips fsync: a
    // crash loses it anyway.
    virtual std::unique_ptr<DatabaseSink> open_database(const std::string& path,
                                                        bool scratch = false);
};

// The real file system and Xapian.
Env& default_env();

}  // namespace gazette
