// Fuzzes the Reuters-21578 SGML parser.
#include "fuzz_support.h"
#include "sgml_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string_view bytes = fuzz::as_text(data, size);
    fuzz::parse_and_check(bytes, "reut2-000.sgm", parse_sgml);
    looks_like_reuters_sgml(to_utf8(bytes));
    return 0;
}
