// Archives (.tar, .tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst, .zip) and
// single .gz, .xz and .bz2 files, read as streams with libarchive: members one
// after another, each read while the archive is read, never unpacked to disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "source.h"

namespace gazette {

// The archive itself is broken (not the member being read): what follows
// can't be read.
struct ArchiveError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One regular file inside an archive, readable while it is the current one.
struct Member {
    std::string name;  // its path inside the archive
    ByteStream& data;  // its bytes; what is left unread is skipped
};

// Calls `each` with every regular file of the archive in `raw`, in archive
// order (folders, links and devices are passed over). Throws ArchiveError
// when the archive is not one or breaks off (members read before stay read),
// or inflates, skipped members included, past BombGuard's rule with `slack`.
void read_archive(ByteStream& raw, uintmax_t slack, const std::function<void(Member&)>& each);

// What a single compressed file (".gz", ".xz" or ".bz2": `suffix`) holds.
// Data that is not compressed that way throws when read.
std::unique_ptr<ByteStream> decompressed(ByteStream& raw, std::string_view suffix);

}  // namespace gazette
