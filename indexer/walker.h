// Finds the files to index under the paths the user gave.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace gazette {

struct SourceFile {
    std::filesystem::path path;  // to open
    std::string relative;        // relative to the root it was found under; '/'-separated
    uintmax_t size = 0;
    int64_t mtime_ns = 0;
};

struct WalkResult {
    std::vector<SourceFile> files;     // sorted by relative path: a stable order
    std::vector<std::string> skipped;  // "path: reason", for what was seen but not taken
};

// Walks files and folders recursively. Takes regular files only (symlinks to
// them included); skips hidden files and folders, editor backups, FIFOs,
// sockets and devices (never opened), and dangling links. A root that is a
// file is taken as is, named by its file name.
WalkResult walk(const std::vector<std::filesystem::path>& roots);

}  // namespace gazette
