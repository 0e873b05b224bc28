#include "json_parser.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <utility>

#include "dates.h"
#include "extract.h"
#include "text.h"

namespace gazette {
namespace {

using Json = nlohmann::json;

// No article export nests deeper than a handful of levels; a file that does is
// hostile or broken, and a DOM a million levels deep is not safe to walk.
constexpr int kMaxDepth = 64;
// Enough of a parse error or a bad date to recognise it without flooding the log.
constexpr size_t kMaxQuoteBytes = 120;

struct FieldSlot {
    std::string_view name;
    std::vector<std::string> JsonFieldMap::*keys;
};
constexpr FieldSlot kFields[] = {
    {"id", &JsonFieldMap::id},           {"headline", &JsonFieldMap::headline},
    {"byline", &JsonFieldMap::byline},   {"date", &JsonFieldMap::date},
    {"body", &JsonFieldMap::body},       {"url", &JsonFieldMap::url},
    {"section", &JsonFieldMap::section}, {"source", &JsonFieldMap::source},
};

// Where an object sits in the file, to name it in warnings: "line 3: ",
// "item 2: ", or "" for a lone object.
struct Place {
    std::string label;
};

std::string quote(std::string_view text) {
    const std::string_view head = utf8_prefix(text, kMaxQuoteBytes);
    return std::string(head) + (head.size() < text.size() ? "..." : "");
}

// Bracket nesting outside strings, measured before nlohmann sees the text.
struct Nesting {
    int deepest = 0;
    int open = 0;  // still open at the end
};

// Index just past the quote closing the string whose text starts at `from`, or
// npos. Bodies are most of the bytes, so quotes are found with memchr; a quote is
// escaped when an odd run of backslashes precedes it.
size_t string_end(std::string_view text, size_t from) {
    for (size_t q = text.find('"', from); q != std::string_view::npos; q = text.find('"', q + 1)) {
        size_t backslashes = 0;
        while (q - backslashes > from && text[q - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return q + 1;
    }
    return std::string_view::npos;
}

Nesting measure_nesting(std::string_view text) {
    Nesting n;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i++];
        if (c == '"') {
            i = string_end(text, i);  // npos (unterminated) ends the scan
        } else if (c == '{' || c == '[') {
            n.deepest = std::max(n.deepest, ++n.open);
        } else if ((c == '}' || c == ']') && n.open > 0) {
            --n.open;
        }
    }
    return n;
}

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1,
// column 8: syntax error ..."; the reason after the position is the useful part.
// Its "last read: '...'" quotes raw bytes that may stop inside a character, so
// the message is repaired to UTF-8 like any other text.
std::string reason(const Json::exception& e) {
    std::string_view what = e.what();
    if (const size_t tag_end = what.find("] "); tag_end != std::string_view::npos)
        what.remove_prefix(tag_end + 2);
    if (what.starts_with("parse error")) {
        const size_t colon = what.find(": ");
        if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
    }
    return quote(to_utf8(what));
}

Json parse_value(std::string_view text) {
    if (measure_nesting(text).deepest > kMaxDepth)
        throw ParseError("JSON nested too deeply (over " + std::to_string(kMaxDepth) + " levels)");
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        throw ParseError("invalid JSON at byte " + std::to_string(e.byte) + ": " + reason(e));
    } catch (const Json::exception& e) {  // e.g. a number too large for a double
        throw ParseError("invalid JSON: " + reason(e));
    }
}

// Numbers as people write them: integral values without ".0" (ids exported as
// floats), others in the shortest form that reads back the same.
std::string number_text(const Json& v) {
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    const double d = v.get<double>();
    if (std::trunc(d) == d && std::fabs(d) < 1e15)
        return std::to_string(static_cast<std::int64_t>(d));
    return v.dump();
}

std::string scalar_text(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return number_text(v);
    return {};
}

// MongoDB exports write "_id" as {"$oid": "..."}.
std::string id_text(const Json& v) {
    if (v.is_object()) return v.contains("$oid") ? scalar_text(v["$oid"]) : std::string();
    return scalar_text(v);
}

// A person or publisher: a plain string, or an object with a "name" (schema.org).
std::string named_text(const Json& v) {
    if (v.is_object()) return v.contains("name") ? scalar_text(v["name"]) : std::string();
    return scalar_text(v);
}

// The non-empty texts of an array's items, each folded to one line.
std::vector<std::string> item_texts(const Json& array, std::string (*text_of)(const Json&)) {
    std::vector<std::string> texts;
    for (const Json& item : array) {
        std::string text = fold_whitespace(text_of(item));
        if (!text.empty()) texts.push_back(std::move(text));
    }
    return texts;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

// "A", "A and B", "A, B and C": how a byline reads.
std::string people_text(const Json& v) {
    if (!v.is_array()) return named_text(v);
    return join_people(item_texts(v, named_text));
}

// Sections keep the comma-joined form Reuters topics already use ("grain,wheat").
std::string section_text(const Json& v) {
    if (!v.is_array()) return scalar_text(v);
    return join(item_texts(v, scalar_text), ",");
}

// The text of the first key present whose value says something.
std::string first_text(const Json& object, const std::vector<std::string>& keys,
                       std::string (*text_of)(const Json&)) {
    for (const std::string& key : keys) {
        const auto it = object.find(key);
        if (it == object.end()) continue;
        std::string text = text_of(*it);
        if (!trim(text).empty()) return text;
    }
    return {};
}

// Keeps paragraphs and indentation, drops trailing spaces (and the CR of CR LF),
// blank lines at either end and all but one blank line between paragraphs.
std::string normalise_body(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool blank_pending = false;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.remove_suffix(1);
        if (line.empty()) {
            blank_pending = !out.empty();
            continue;
        }
        if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
        blank_pending = false;
        out += line;
    }
    return out;
}

// "YYYY-MM-DD", or "" (with a warning when a date was given but not understood).
std::string iso_date(std::string_view text, const Place& place,
                     std::vector<std::string>& warnings) {
    if (trim(text).empty()) return {};
    if (const std::optional<Date> date = parse_date(text)) return date->iso();
    warnings.push_back(place.label + "date not understood: " + quote(trim(text)));
    return {};
}

// For an object with none of the fields read, its keys holding text and how
// to have them read (" among its keys title_text, body_html: --field-map
// ..."), or "" when it has none.
std::string other_keys(const Json& object) {
    std::string keys;
    size_t n = 0;
    for (const auto& [key, value] : object.items()) {
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) continue;
        if (++n > 8) return keys + ", ...: --field-map headline=KEY,body=KEY names yours";
        keys += (keys.empty() ? " among its keys " : ", ") + key;
    }
    return keys.empty() ? "" : keys + ": --field-map headline=KEY,body=KEY names yours";
}

std::optional<Article> to_article(const Json& object, const JsonFieldMap& map, const Place& place,
                                  std::vector<std::string>& warnings) {
    Article a;
    a.headline = fold_whitespace(first_text(object, map.headline, scalar_text));
    a.body = normalise_body(first_text(object, map.body, scalar_text));
    a.source_id = first_text(object, map.id, id_text);
    // A record with its own id stays even when empty: collections judge such
    // documents too, and the article count should match the record count.
    if (a.headline.empty() && a.body.empty() && a.source_id.empty()) {
        warnings.push_back(place.label + "no headline, body or id" + other_keys(object));
        return std::nullopt;
    }
    a.byline = fold_whitespace(first_text(object, map.byline, people_text));
    a.date = iso_date(first_text(object, map.date, scalar_text), place, warnings);
    a.section = fold_whitespace(first_text(object, map.section, section_text));
    a.source = fold_whitespace(first_text(object, map.source, named_text));
    a.url = std::string(trim(first_text(object, map.url, scalar_text)));
    for (std::string* field :
         {&a.source_id, &a.headline, &a.byline, &a.section, &a.source, &a.url, &a.body})
        drop_controls(*field);
    return a;
}

void add_object(const Json& value, const Place& place, const ParseInput& input,
                const JsonFieldMap& map, ParseResult& result) {
    if (!value.is_object()) {
        result.warnings.push_back(place.label + "not an object");
        ++result.unreadable;
        return;
    }
    std::optional<Article> article = to_article(value, map, place, result.warnings);
    if (!article) {
        ++result.unreadable;
        return;
    }
    article->path = input.path;
    result.articles.push_back(std::move(*article));
}

void parse_lines(const ParseInput& input, const JsonFieldMap& map, ParseResult& result) {
    std::string_view rest = input.text;
    for (size_t number = 1; !rest.empty(); ++number) {
        const size_t nl = rest.find('\n');
        const std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        parse_jsonl_line(line, number, input.path, map, result);
    }
}

void parse_document(const ParseInput& input, const JsonFieldMap& map, ParseResult& result) {
    const Json value = parse_value(input.text);
    if (value.is_object()) {
        add_object(value, Place{}, input, map, result);
    } else if (value.is_array()) {
        result.many = true;
        for (size_t i = 0; i < value.size(); ++i) {
            const std::string n = std::to_string(i + 1);
            add_object(value[i], Place{"item " + n + ": "}, input, map, result);
        }
    } else {
        throw ParseError("JSON holds neither an object nor an array of objects");
    }
}

}  // namespace

JsonFieldMap default_field_map() {
    return JsonFieldMap{
        .id = {"id", "_id", "guid"},
        .headline = {"headline", "title"},
        .byline = {"byline", "author", "authors", "creator"},
        .date = {"date", "published", "publishedAt", "datePublished", "pubDate", "published_at"},
        .body = {"body", "text", "content", "description", "article"},
        .url = {"url", "link"},
        .section = {"section", "category"},
        .source = {"source", "publisher"},
    };
}

void apply_field_overrides(JsonFieldMap& map, std::string_view spec) {
    std::array<bool, std::size(kFields)> replaced{};  // defaults dropped on first mention
    while (!spec.empty()) {
        const size_t comma = spec.find(',');
        const std::string_view entry = trim(spec.substr(0, comma));
        spec.remove_prefix(comma == std::string_view::npos ? spec.size() : comma + 1);
        if (entry.empty()) continue;
        const size_t eq = entry.find('=');
        const std::string_view field = trim(entry.substr(0, eq));
        const std::string_view key = eq == std::string_view::npos ? "" : trim(entry.substr(eq + 1));
        if (key.empty())
            throw std::invalid_argument("JSON field map entry '" + std::string(entry) +
                                        "' is not field=key");
        const auto* slot = std::find_if(std::begin(kFields), std::end(kFields),
                                        [&](const FieldSlot& s) { return s.name == field; });
        if (slot == std::end(kFields))
            throw std::invalid_argument("unknown field '" + std::string(field) +
                                        "' in JSON field map (fields: id, headline, byline, "
                                        "date, body, url, section, source)");
        std::vector<std::string>& keys = map.*(slot->keys);
        if (!std::exchange(replaced[slot - std::begin(kFields)], true)) keys.clear();
        keys.emplace_back(key);
    }
}

// JSONL by name, else by shape: its first line is a whole value with more after it,
// which pretty-printed JSON, opening its outer bracket on line one, never is.
bool is_jsonl(std::string_view name, std::string_view text) {
    if (name.ends_with(".zst")) name.remove_suffix(4);
    if (name.ends_with(".jsonl") || name.ends_with(".ndjson")) return true;
    text = trim(text);
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return false;
    const std::string_view first = trim(text.substr(0, nl));
    return looks_like_json(first) && measure_nesting(first).open == 0;
}

void parse_jsonl_line(std::string_view line, size_t number, const std::string& path,
                      const JsonFieldMap& map, ParseResult& result) {
    line = trim(line);
    if (line.empty()) return;
    const Place place{"line " + std::to_string(number) + ": "};
    try {
        add_object(parse_value(line), place, ParseInput{line, path}, map, result);
    } catch (const ParseError& e) {
        result.warnings.push_back(place.label + e.what());
        ++result.unreadable;
    }
}

ParseResult parse_json(const ParseInput& input, const JsonFieldMap& map) {
    ParseResult result;
    if (is_jsonl(input.path, input.text)) {
        result.many = true;
        parse_lines(input, map, result);
    } else {
        parse_document(input, map, result);
    }
    return result;
}

bool looks_like_json(std::string_view text) {
    text = trim(text);
    return !text.empty() && (text.front() == '{' || text.front() == '[');
}

}  // namespace gazette
