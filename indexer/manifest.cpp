#include "manifest.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <sstream>

#include "schema.h"

namespace gazette {

std::string record_key(std::string_view file_key) {
    return schema::boolean_term(schema::kFileKeyPrefix, file_key);
}

std::string encode_record(const FileRecord& r) {
    return fmt::format("{} {} {} {} {:016x} {}{}\t{}", r.size, r.mtime_ns, r.ctime_ns, r.inode,
                       r.hash, r.articles, r.held ? " held" : "", r.key);
}

std::optional<FileRecord> decode_record(std::string_view value) {
    const auto tab = value.find('\t');
    if (tab == std::string_view::npos) return std::nullopt;
    FileRecord r;
    r.key = value.substr(tab + 1);
    std::istringstream in{std::string(value.substr(0, tab))};
    in >> r.size >> r.mtime_ns >> r.ctime_ns >> r.inode >> std::hex >> r.hash >> std::dec >>
        r.articles;
    if (!in) return std::nullopt;
    std::string mark;
    r.held = in >> mark && mark == "held";
    return r;
}

uint64_t content_hash(std::string_view bytes) {
    return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace gazette
