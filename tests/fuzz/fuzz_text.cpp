// Fuzzes the text helpers every parser and renderer relies on: decoding any
// bytes to UTF-8 (to_utf8, and decode_text with uchardet and iconv, under a
// charset named by the first byte), the text-or-binary verdict, whitespace,
// escaping, truncation.
#include "charset.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string_view bytes = fuzz::as_text(data, size);
    not_text_reason(bytes);
    has_nul_bytes(bytes);
    const std::string text = to_utf8(bytes);
    fuzz::require(is_valid_utf8(text), "to_utf8 gives valid UTF-8");
    static constexpr const char* kDeclared[] = {"",       "utf-8",       "iso-8859-1", "shift_jis",
                                                "gb2312", "iso-2022-jp", "utf-16",     "koi8-r"};
    const char* declared = size > 0 ? kDeclared[data[0] % std::size(kDeclared)] : "";
    const std::string decoded = decode_text(bytes, declared);
    fuzz::require(fuzz::is_clean_text(decoded), "decode_text gives clean UTF-8");

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
