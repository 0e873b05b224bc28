// Archives made in memory for the tests, with libarchive's writer: the
// reader is then tested on every format it claims without tools on the
// machine (zip, xz, ...).
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace gazette::test {

using Members = std::vector<std::pair<std::string, std::string>>;  // name, bytes

// "tar", "tar.gz", "tar.xz", "tar.bz2", "tar.zst", "zip"; or "gz", "xz",
// "bz2": one compressed file of the first member's bytes.
inline std::string make_archive(const std::string& kind, const Members& members) {
    archive* a = archive_write_new();
    const bool single = kind == "gz" || kind == "xz" || kind == "bz2";
    if (kind == "zip")
        archive_write_set_format_zip(a);
    else if (single)
        archive_write_set_format_raw(a);
    else
        archive_write_set_format_pax_restricted(a);
    if (kind.ends_with("gz")) archive_write_add_filter_gzip(a);
    if (kind.ends_with("xz")) archive_write_add_filter_xz(a);
    if (kind.ends_with("bz2")) archive_write_add_filter_bzip2(a);
    if (kind.ends_with("zst")) archive_write_add_filter_zstd(a);
    std::string out(64u << 20, '\0');
    size_t used = 0;
    if (archive_write_open_memory(a, out.data(), out.size(), &used) != ARCHIVE_OK)
        throw std::runtime_error(archive_error_string(a));
    for (const auto& [name, bytes] : members) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.c_str());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
        archive_write_header(a, e);
        archive_write_data(a, bytes.data(), bytes.size());
        archive_entry_free(e);
        if (single) break;
    }
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

}  // namespace gazette::test
