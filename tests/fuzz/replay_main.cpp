// Replays fuzz inputs without libFuzzer: the gcc test build links each fuzz
// target with this main and runs it over the target's seeds and the crash
// inputs kept in regressions/, so what a fuzzer once found stays a test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// Every regular file under path (or path itself), in a stable order.
std::vector<fs::path> inputs_under(const fs::path& path) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(path)) return {path};
    for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

void replay(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    // Printed first, so a crash report follows the name of the input that caused it.
    std::fprintf(stderr, "replaying %s\n", file.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

// Arguments: seed files or folders, then optionally "--optional DIR..." for folders
// that may not exist yet (a target's regressions/ before its first finding).
int main(int argc, char** argv) {
    size_t count = 0;
    bool optional = false;
    for (int i = 1; i < argc; ++i) {
        const fs::path path = argv[i];
        if (path == "--optional") {
            optional = true;
            continue;
        }
        if (!fs::exists(path)) {
            if (optional) continue;
            std::fprintf(stderr, "replay: no such seed file or folder: %s\n", path.c_str());
            return 2;
        }
        for (const fs::path& file : inputs_under(path)) {
            replay(file);
            ++count;
        }
    }
    if (count == 0) {
        std::fprintf(stderr, "replay: no inputs given\n");
        return 2;
    }
    std::printf("replayed %zu inputs\n", count);
    return 0;
}
