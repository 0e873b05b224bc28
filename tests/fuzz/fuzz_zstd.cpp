// Fuzzes reading a .zst source file: decompression under the size cap (a bomb
// must be refused, not inflated), then the indexer's path for what came out
// (the name has no telling extension, so every parser is reached by sniffing).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    // Small enough that bombs hit it fast, big enough for every seed article.
    constexpr size_t kMaxFileSize = 256 << 10;
    fuzz::index_like_indexer("spool/12345.zst", std::string(fuzz::as_text(data, size)),
                             kMaxFileSize);
    return 0;
}
