// What was indexed from where: one record per source file, kept in the
// database's metadata and committed together with that file's articles, so
// after a crash the records say exactly what the database holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

struct FileRecord {
    std::string key;  // the file's key: root name and path inside the root (roots.h)
    // The file as it was read: a change to any of these means it may have
    // changed (ctime and inode catch rewrites that keep size and mtime).
    uintmax_t size = 0;
    int64_t mtime_ns = 0, ctime_ns = 0;
    uint64_t inode = 0;
    uint64_t hash = 0;  // of the raw file bytes
    unsigned articles = 0;
    // The file was gone and a run held its deletion back (plan.h): it stays
    // held back, whatever later runs weigh, until the file comes back or
    // the user says --allow-mass-delete.
    bool held = false;

    bool operator==(const FileRecord&) const = default;
};

// The mtime recorded for a file read only in part (a big file that broke
// off): it matches no file, so the next run reads the file again.
inline constexpr int64_t kReadAgain = -1;

std::string record_key(std::string_view file_key);
std::string encode_record(const FileRecord& record);
// Nothing when the value is not a record.
std::optional<FileRecord> decode_record(std::string_view value);

uint64_t content_hash(std::string_view bytes);

}  // namespace gazette
