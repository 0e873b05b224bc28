#include "format.h"

#include <array>

#include "html_parser.h"
#include "mail_parser.h"
#include "sgml_parser.h"
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

}  // namespace gazette
