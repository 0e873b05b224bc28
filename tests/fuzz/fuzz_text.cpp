// Fuzzes the text helpers every parser and renderer relies on: decoding any
// bytes to UTF-8, the text-or-binary verdict, whitespace, escaping, truncation.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string_view bytes = fuzz::as_text(data, size);
    not_text_reason(bytes);
    has_nul_bytes(bytes);
    const std::string text = to_utf8(bytes);
    fuzz::require(is_valid_utf8(text), "to_utf8 gives valid UTF-8");

    const std::string folded = fold_whitespace(text);
    fuzz::require(fold_whitespace(folded) == folded && trim(folded) == folded,
                  "fold_whitespace leaves no runs and no ends of whitespace");
    const std::string escaped = html_escape(text);
    fuzz::require(escaped.find_first_of("<>\"'") == std::string::npos,
                  "html_escape leaves no markup characters");
    for (size_t max : {size_t{0}, size_t{1}, size / 2, size}) {
        const std::string_view prefix = utf8_prefix(text, max);
        fuzz::require(prefix.size() <= max && is_valid_utf8(prefix) && text.starts_with(prefix),
                      "utf8_prefix cuts between whole characters");
    }
    return 0;
}
