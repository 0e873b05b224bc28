// Fuzzes the HTML parser (gumbo, meta tags, JSON-LD, body extraction).
#include "fuzz_support.h"
#include "html_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string_view bytes = fuzz::as_text(data, size);
    fuzz::parse_and_check(bytes, "page.html", parse_html);
    looks_like_html(to_utf8(bytes));
    return 0;
}
