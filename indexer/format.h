// Which parser reads a file: chosen by extension, then by content, or forced.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json_parser.h"
#include "parser.h"

namespace gazette {

enum class Format { kText, kHtml, kJson, kMail, kReutersSgml };

// "text", "html", "json" (also JSONL), "mail", "sgml"; nothing for another name.
std::optional<Format> format_from_name(std::string_view name);

// Decides from the file name (without .zst) and the start of its text.
Format detect_format(std::string_view file_name, std::string_view text);

// What parsers may be told beyond the file itself.
struct ParserSettings {
    JsonFieldMap json_fields = default_field_map();
};

ParseResult parse_file(Format format, const ParseInput& input, const ParserSettings& settings);

}  // namespace gazette
