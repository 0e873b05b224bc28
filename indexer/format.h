// Which parser reads a file: chosen by extension, then by content, or forced.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parser.h"

namespace gazette {

enum class Format { Text };

// "text" -> Format::Text; nothing for an unknown name.
std::optional<Format> format_from_name(std::string_view name);

// Decides from the file name (without .zst) and the first bytes of its text.
Format detect_format(std::string_view file_name, std::string_view text);

// Runs the parser for the format.
ParseResult parse_file(Format format, const ParseInput& input);

}  // namespace gazette
