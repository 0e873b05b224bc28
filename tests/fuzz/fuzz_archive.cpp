// Fuzzes reading archives: libarchive through Gazette's wrapper (members and
// their names, hidden and bad members, cut-off archives, the bomb guard), then
// every member through the indexer's reader. The name follows the input's
// magic bytes, so that both tar and zip are reached.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    constexpr size_t kMaxFileSize = 256 << 10;
    const std::string_view bytes = fuzz::as_text(data, size);
    fuzz::index_like_indexer(bytes.starts_with("PK") ? "spool/pack.zip" : "spool/pack.tar",
                             std::string(bytes), kMaxFileSize);
    return 0;
}
