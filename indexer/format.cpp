#include "format.h"

#include "text_parser.h"

namespace gazette {

std::optional<Format> format_from_name(std::string_view name) {
    if (name == "text") return Format::Text;
    return std::nullopt;
}

Format detect_format(std::string_view /*file_name*/, std::string_view /*text*/) {
    return Format::Text;
}

ParseResult parse_file(Format format, const ParseInput& input) {
    switch (format) {
        case Format::Text:
            return parse_text(input);
    }
    throw ParseError("unknown format");
}

}  // namespace gazette
