// Helpers shared by the test suites: where the read-only shared data lives and
// how to read a file whole. Header-only so each suite stays one source file.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gazette::test {

// The shared data folder: $GAZETTE_SHARED (CMake sets it to an absolute path),
// else the folder beside the source tree, else "../shared" from the repo root.
inline std::string shared_root() {
    if (const char* env = std::getenv("GAZETTE_SHARED"); env != nullptr && *env != '\0') return env;
#ifdef GAZETTE_SOURCE_DIR
    return GAZETTE_SOURCE_DIR "/../shared";
#else
    return "../shared";
#endif
}

// A path inside the shared data folder, e.g. shared_path("seeds/x.txt").
inline std::string shared_path(const std::string& rel) {
    return shared_root() + "/" + rel;
}

// The bytes of a file; throws so that a missing fixture fails the test loudly.
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace gazette::test
