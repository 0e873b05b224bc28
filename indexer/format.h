// Which parser reads a file: chosen by extension, then by content, or forced.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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

// What every parser's articles have in common, made so: the byline names
// people in one capitalisation (the agency it credits becomes the source), and
// an article without a headline takes its first sentence.
void tidy(Article& a);

// Names the articles of one file holding a list (roots.h): "key#" and the
// article's own id, else its position in the file, from 1. A position may be
// another article's own id ("#3" and "3"): no repeat, so the later of the two
// is named "key#3~2" (the first free of "~2", "~3", ...) and both are kept.
class ListedIds {
  public:
    std::string name(std::string_view key, std::string_view source_id, size_t position);

  private:
    std::unordered_map<uint64_t, bool> positional_;  // by id hash: named by position
};

// What the indexer makes of one file's (inflated) bytes: checks they are text,
// decodes them to UTF-8 (decode_text in charset.h, with the charset an HTML
// page declares), picks the parser (unless `forced`) and gives every
// article the file's key as its path and its id: the key, or for a file
// holding a list, "key#" and the article's own id, else its position from 1.
// An id given twice keeps its last article. Throws ParseError when it is not text.
ParseResult parse_articles(std::string_view bytes, const std::string& key,
                           std::optional<Format> forced, const ParserSettings& settings);

}  // namespace gazette
