// Fuzzes format detection by content and the indexer's whole path for a file
// without a telling extension (a Usenet spool names posts by number): text or
// binary, decoding, sniffing, then whichever parser the sniffing chose.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string_view bytes = fuzz::as_text(data, size);
    constexpr size_t kMaxFileSize = 1 << 20;
    fuzz::index_like_indexer("spool/12345", std::string(bytes), kMaxFileSize);
    // The same bytes as a file name: extensions, and the names --format accepts.
    detect_format(bytes, "");
    format_from_name(bytes);
    return 0;
}
