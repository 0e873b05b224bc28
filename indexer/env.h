// The indexer's window on the outside world. Everything it does to files and
// databases goes through an Env: walking folders, reading files, writing
// databases, the lock, renames and compaction. Tests override a method to
// inject a fault (a folder that cannot be listed, a file that fails to read, a
// disk that fills, a rename that fails) without touching the real system.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace gazette {

// What the indexer needs to know of a path.
struct FileInfo {
    enum class Type { kMissing, kRegular, kDirectory, kSymlink, kOther };
    Type type = Type::kMissing;
    std::string other;  // for kOther: "a FIFO", "a socket", "a device"
    uintmax_t size = 0;
    int64_t mtime_ns = 0, ctime_ns = 0;
    uint64_t inode = 0, device = 0;
};

// A file open for reading, and what it was when opened (so a change made
// while it is read shows at the next run).
class InputFile {
  public:
    virtual ~InputFile() = default;
    // Reads up to `size` bytes; 0 only at the end. Throws std::runtime_error
    // naming the reason.
    virtual size_t read(char* buffer, size_t size) = 0;

    FileInfo info;
};

// Where the indexer's documents go. One implementation writes a Xapian
// database; tests wrap it to fail at a chosen moment.
class DatabaseSink {
  public:
    virtual ~DatabaseSink() = default;
    virtual Xapian::docid add(const Xapian::Document& doc) = 0;
    virtual void delete_all(const std::string& term) = 0;
    virtual void set_metadata(const std::string& key, const std::string& value) = 0;
    // Makes everything since the last commit durable, all or nothing.
    virtual void commit() = 0;
};

// Held while it lives.
class Lock {
  public:
    virtual ~Lock() = default;
};

class Env {
  public:
    virtual ~Env() = default;

    // --- Reading the sources. Failures throw std::system_error.
    // kMissing when nothing is there; follow_links: the link's target.
    virtual FileInfo file_info(const std::filesystem::path& path, bool follow_links);
    // The names in a folder, in no particular order.
    virtual std::vector<std::string> list_directory(const std::filesystem::path& folder);
    // The path with every link resolved.
    virtual std::filesystem::path canonical(const std::filesystem::path& path);
    // The name of a kernel file system (proc, sysfs, ...) whose files are not
    // articles and may block when read; "" for ordinary ones.
    virtual std::string special_file_system(const std::filesystem::path& path);
    // Opens a regular file to read as a stream, without ever waiting on it
    // (a file that would block is an error). Throws std::runtime_error
    // naming the reason.
    virtual std::unique_ptr<InputFile> open_file(const std::filesystem::path& path);

    // --- Writing the database.
    // Opens (creating if needed) a database for writing. A scratch database
    // (a part compacted away at the end) skips fsync: a crash loses it anyway.
    virtual std::unique_ptr<DatabaseSink> open_database(const std::string& path,
                                                        bool scratch = false);
    // Takes the lock file at path; nothing when another process holds it and
    // wait is false. Throws std::system_error when it cannot be created.
    virtual std::unique_ptr<Lock> lock(const std::filesystem::path& path, bool wait);
    virtual void rename(const std::filesystem::path& from, const std::filesystem::path& to);
    // Swaps two paths in one step; false where the file system can't.
    virtual bool exchange(const std::filesystem::path& a, const std::filesystem::path& b);
    virtual void remove_all(const std::filesystem::path& path);
    // Writes the databases `in` holds as one new database at `out`.
    virtual void compact(Xapian::Database in, const std::filesystem::path& out);
};

// The real file system and Xapian.
Env& default_env();

}  // namespace gazette
