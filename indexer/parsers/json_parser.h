// JSON and JSONL article exports: one object per file, an array of objects, or
// one object per line. Which keys hold which field is configurable, because
// every exporter names them differently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parser.h"

namespace gazette {

// For each Article field, the JSON keys that may hold it, most trusted first.
// The first key whose value yields non-empty text wins.
struct JsonFieldMap {
    std::vector<std::string> id;
    std::vector<std::string> headline;
    std::vector<std::string> byline;
    std::vector<std::string> date;
    std::vector<std::string> body;
    std::vector<std::string> url;
    std::vector<std::string> section;
    std::vector<std::string> source;
};

// Keys used by common exports (NewsAPI, schema.org, RSS-to-JSON, HF datasets).
JsonFieldMap default_field_map();

// Applies "headline=title,body=content" overrides: the first pair naming a field
// replaces its keys, further pairs for that field add fallbacks in order
// ("headline=name,headline=subject"). Fields: id, headline, byline, date, body,
// url, section, source. Throws std::invalid_argument on an unknown field or a
// pair that is not "field=key".
void apply_field_overrides(JsonFieldMap& map, std::string_view spec);

// Parses one JSON value (an object or an array of objects) or JSONL: one object
// per line, chosen when the path ends in .jsonl or .ndjson (optionally .zst) or
// when the first line is a whole JSON value and more follows. A JSONL line that is
// bad, or an object with no headline, body or id, becomes a warning
// ("line N: why", "item N: why" in arrays) and the rest still parses. Ids come
// from the id keys, else "path:line" (JSONL), "path#n" (array items) or ""
// (a single object, which the indexer names by path).
// Throws ParseError for a whole file that is not valid JSON or nests too deeply.
ParseResult parse_json(const ParseInput& input, const JsonFieldMap& map);

// Whether a file of this name (optionally .zst) and text is JSONL, by the rule above.
bool is_jsonl(std::string_view name, std::string_view text);

// Parses one line of a JSONL file (numbered from 1), adding its article or a
// warning ("line N: why") to result; a blank line adds nothing. The indexer
// reads big JSONL files a line at a time with this.
void parse_jsonl_line(std::string_view line, size_t number, const std::string& path,
                      const JsonFieldMap& map, ParseResult& result);

// True when the first non-whitespace character opens an object or array.
bool looks_like_json(std::string_view text);

}  // namespace gazette
