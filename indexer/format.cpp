#include "format.h"

#include <fmt/format.h>

#include <array>
#include <unordered_map>

#include "charset.h"
#include "extract.h"
#include "html_parser.h"
#include "mail_parser.h"
#include "schema.h"
#include "sgml_parser.h"
#include "source.h"
#include "text.h"
#include "text_parser.h"

namespace gazette {
namespace {

struct Extension {
    std::string_view suffix;
    Format format;
};

constexpr std::array<Extension, 11> kExtensions = {{
    {".html", Format::kHtml},
    {".htm", Format::kHtml},
    {".xhtml", Format::kHtml},
    {".json", Format::kJson},
    {".jsonl", Format::kJson},
    {".ndjson", Format::kJson},
    {".eml", Format::kMail},
    {".mbox", Format::kMail},
    {".sgm", Format::kReutersSgml},
    {".sgml", Format::kReutersSgml},
    {".txt", Format::kText},
}};

}  // namespace

void tidy(Article& a) {
    Byline byline = split_byline(a.byline);
    a.byline = std::move(byline.people);
    if (a.source.empty()) a.source = std::move(byline.agency);
    if (a.headline.empty()) {
        const auto [headline, used] = headline_from_lead(a.body);
        a.headline = headline;
        a.body = std::string(trim(std::string_view(a.body).substr(used)));
    }
}

namespace {

// Gives every article its file's key as path and its id (see roots.h). An id
// given twice in one file keeps its last article, as re-indexing would.
void name_articles(ParseResult& parsed, const std::string& key) {
    std::unordered_map<std::string, size_t> last;  // id -> index of its last article
    ListedIds ids;
    for (size_t i = 0; i < parsed.articles.size(); ++i) {
        Article& a = parsed.articles[i];
        a.path = key;
        a.id = parsed.many ? ids.name(key, a.source_id, i + 1) : key;
        last[a.id] = i;
    }
    if (last.size() == parsed.articles.size()) return;
    std::vector<Article> kept;
    for (size_t i = 0; i < parsed.articles.size(); ++i) {
        Article& a = parsed.articles[i];
        if (last[a.id] == i)
            kept.push_back(std::move(a));
        else
            parsed.warnings.push_back(
                fmt::format("the id '{}' comes again further on; only its last article is kept",
                            a.source_id.empty() ? a.id : a.source_id));
    }
    parsed.articles = std::move(kept);
}

}  // namespace

std::string ListedIds::name(std::string_view key, std::string_view source_id, size_t position) {
    const bool by_position = source_id.empty();
    const std::string id =
        by_position ? fmt::format("{}#{}", key, position) : fmt::format("{}#{}", key, source_id);
    std::string named = id;
    for (size_t k = 2;; named = fmt::format("{}~{}", id, k++)) {
        const auto [it, fresh] = positional_.try_emplace(schema::stable_hash(named), by_position);
        if (fresh || it->second == by_position) return named;  // new, or a true repeat
    }
}

std::optional<Format> format_from_name(std::string_view name) {
    if (name == "text") return Format::kText;
    if (name == "html") return Format::kHtml;
    if (name == "json" || name == "jsonl") return Format::kJson;
    if (name == "mail") return Format::kMail;
    if (name == "sgml") return Format::kReutersSgml;
    return std::nullopt;
}

Format detect_format(std::string_view file_name, std::string_view text) {
    const std::string lowered = to_lower_ascii(file_name);
    for (const Extension& e : kExtensions)
        if (lowered.ends_with(e.suffix)) return e.format;
    // No telling extension (Usenet spools name posts by number): sniff.
    if (looks_like_reuters_sgml(text)) return Format::kReutersSgml;
    if (looks_like_html(text)) return Format::kHtml;
    if (looks_like_json(text)) return Format::kJson;
    if (looks_like_mail(text)) return Format::kMail;
    return Format::kText;
}

ParseResult parse_file(Format format, const ParseInput& input, const ParserSettings& settings) {
    switch (format) {
        case Format::kText:
            return parse_text(input);
        case Format::kHtml:
            return parse_html(input);
        case Format::kJson:
            return parse_json(input, settings.json_fields);
        case Format::kMail:
            return parse_mail(input);
        case Format::kReutersSgml:
            return parse_sgml(input);
    }
    throw ParseError("unknown format");
}

ParseResult parse_articles(std::string_view bytes, const std::string& key,
                           std::optional<Format> forced, const ParserSettings& settings) {
    if (const std::string why = not_text_reason(bytes); !why.empty()) throw ParseError(why);
    const bool nul_bytes = has_nul_bytes(bytes);
    std::string text = decode_text(bytes);
    const Format format = forced.value_or(detect_format(content_name(key), text));
    if (format == Format::kHtml)
        if (const std::string declared = html_declared_charset(bytes); !declared.empty())
            text = decode_text(bytes, declared);
    ParseResult parsed = parse_file(format, ParseInput{text, key, bytes}, settings);
    if (nul_bytes) parsed.warnings.insert(parsed.warnings.begin(), "NUL bytes dropped");
    for (Article& a : parsed.articles) tidy(a);
    name_articles(parsed, key);
    return parsed;
}

}  // namespace gazette
