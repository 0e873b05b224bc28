// Fuzzes the inline-metadata heuristics the text, HTML and mail parsers share
// (bylines, author bios, page furniture, photo credits), a line at a time.
#include "extract.h"
#include "fuzz_support.h"

namespace {

void check_name(const std::optional<std::string>& name, const char* what) {
    if (name) gazette::fuzz::require(!name->empty() && gazette::is_valid_utf8(*name), what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string text = to_utf8(fuzz::as_text(data, size));
    fuzz::Lines lines(text);
    while (!lines.done()) {
        const std::string line = lines.next();
        const std::string byline = clean_byline(line);
        fuzz::require(is_valid_utf8(byline) && fuzz::is_single_line(byline),
                      "clean_byline gives one line of UTF-8");
        check_name(byline_from_by_line(line), "a By line gives a name");
        check_name(byline_from_about_writer(line), "an author bio gives a name");
        is_about_writer_heading(line);
        is_page_furniture(line);
        const std::string_view kept = strip_photo_credit(line);
        fuzz::require(
            std::string_view(line).find(kept) != std::string_view::npos && is_valid_utf8(kept),
            "strip_photo_credit keeps a whole UTF-8 part of the line");
    }
    return 0;
}
