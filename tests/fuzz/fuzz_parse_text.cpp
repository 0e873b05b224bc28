// Fuzzes the plain-text and header-style parser.
#include "fuzz_support.h"
#include "text_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    fuzz::parse_and_check(fuzz::as_text(data, size), "article.txt", parse_text);
    return 0;
}
