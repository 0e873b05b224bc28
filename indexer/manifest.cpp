#include "manifest.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <sstream>

#include "schema.h"

namespace gazette {

std::string manifest_key(std::string_view relative_path) {
    return schema::boolean_term(kManifestPrefix, relative_path);
}

std::string encode_record(const FileRecord& r) {
    return fmt::format("{} {} {:016x} {}\t{}", r.size, r.mtime_ns, r.hash, r.articles, r.path);
}

std::optional<FileRecord> decode_record(std::string_view value) {
    const auto tab = value.find('\t');
    if (tab == std::string_view::npos) return std::nullopt;
    FileRecord r;
    r.path = value.substr(tab + 1);
    std::istringstream in{std::string(value.substr(0, tab))};
    in >> r.size >> r.mtime_ns >> std::hex >> r.hash >> std::dec >> r.articles;
    if (!in) return std::nullopt;
    return r;
}

uint64_t content_hash(std::string_view bytes) {
    return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace gazette
