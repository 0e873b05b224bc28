#include "mail_parser.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dates.h"
#include "text.h"

namespace gazette {
namespace {

// Multipart nesting deeper than this is not mail anyone wrote; it only guards
// the recursion against crafted input.
constexpr int kMaxMimeDepth = 8;

// Headers that only mail and news carry; two of them at the top make a message.
constexpr std::array<std::string_view, 14> kMailHeaders = {
    "from", "subject", "newsgroups", "date",        "message-id",   "path",     "xref",
    "to",   "cc",      "references", "in-reply-to", "mime-version", "received", "return-path"};

struct Field {
    std::string name;   // lowercased
    std::string value;  // continuation lines joined with a space
};

// One message or MIME part: its header fields and the text after them.
struct Entity {
    std::vector<Field> fields;
    std::string_view body;
    bool clean_header = true;  // ended by a blank line or the end, not by a stray line
};

struct ContentType {
    std::string type = "text";  // RFC 2045's default when the field is missing
    std::string subtype = "plain";
    std::string charset;
    std::string boundary;
};

bool is_blank(std::string_view line) {
    return trim(line).empty();
}

// The line starting at pos (without its newline or a CR before it); moves pos past it.
std::string_view next_line(std::string_view text, size_t& pos) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bool is_continuation(std::string_view line) {
    return !line.empty() && (line.front() == ' ' || line.front() == '\t') && !is_blank(line);
}

// Splits "Name: value"; a name is printable ASCII without spaces or colons (RFC 5322).
std::optional<Field> split_field(std::string_view line) {
    const size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return {};
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 127; }))
        return {};
    return Field{to_lower_ascii(name), std::string(trim(line.substr(colon + 1)))};
}

// Reads the header block. Continuation lines before the first field are
// skipped: Usenet spools such as 20 Newsgroups dropped the "Path:" name and
// left its folded tail behind.
Entity parse_entity(std::string_view text) {
    Entity entity;
    size_t pos = 0;
    if (text.starts_with("From ")) next_line(text, pos);  // mbox envelope line
    while (pos < text.size()) {
        const size_t line_start = pos;
        const std::string_view line = next_line(text, pos);
        if (is_blank(line)) break;
        if (is_continuation(line)) {
            if (!entity.fields.empty()) {
                std::string& value = entity.fields.back().value;
                value += ' ';
                value += trim(line);
            }
        } else if (auto field = split_field(line)) {
            entity.fields.push_back(std::move(*field));
        } else {
            entity.clean_header = false;  // no blank line: the body starts here
            pos = line_start;
            break;
        }
    }
    entity.body = text.substr(pos);
    return entity;
}

// The first field of that (lowercase) name, or "".
std::string_view field(const Entity& entity, std::string_view name) {
    for (const Field& f : entity.fields)
        if (f.name == name) return f.value;
    return {};
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Decodes "=XX" at text[i]; nothing when it is not a valid escape.
std::optional<char> hex_escape(std::string_view text, size_t i) {
    if (i + 2 >= text.size()) return {};
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return {};
    return static_cast<char>(hi * 16 + lo);
}

std::string decode_quoted_printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
            continue;
        }
        // A soft line break: "=" then optional trailing whitespace and the newline.
        const size_t after = text.find_first_not_of(" \t\r", i + 1);
        if (after == std::string_view::npos || text[after] == '\n') {
            i = after == std::string_view::npos ? text.size() : after;
            continue;
        }
        if (const auto byte = hex_escape(text, i)) {
            out += *byte;
            i += 2;
        } else {
            out += '=';  // a stray "=" is kept, as RFC 2045 advises
        }
    }
    return out;
}

// RFC 2047 "Q": quoted-printable where "_" stands for a space.
std::string decode_q(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            out += ' ';
        } else if (const auto byte = text[i] == '=' ? hex_escape(text, i) : std::nullopt) {
            out += *byte;
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// Skips line breaks and other non-alphabet characters; stops at padding.
std::string decode_base64(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned bits = 0;
    int count = 0;
    for (char c : text) {
        if (c == '=') break;
        const int v = base64_value(c);
        if (v < 0) continue;
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xFF);
        }
    }
    return out;
}

// Latin-1 and Windows-1252 by any of their usual labels. Latin-1 is read as
// 1252, as browsers do, because mailers that say the one mean the other.
bool is_western_single_byte(std::string_view charset) {
    static constexpr std::array<std::string_view, 9> kLabels = {
        "iso-8859-1", "iso8859-1",    "iso_8859-1", "latin1",  "latin-1",
        "l1",         "windows-1252", "cp1252",     "x-cp1252"};
    return std::find(kLabels.begin(), kLabels.end(), charset) != kLabels.end();
}

std::string latin1_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char c : bytes) {
        // to_utf8 reads a lone byte above 0x7F as Windows-1252, which is this table.
        if (static_cast<unsigned char>(c) < 0x80)
            out += c;
        else
            out += to_utf8(std::string_view(&c, 1));
    }
    return to_utf8(out);  // drops control characters and CRs as for the file itself
}

// Bytes decoded from quoted-printable or base64 in the declared charset, as UTF-8.
// Other charsets (and UTF-8 itself) get to_utf8: valid UTF-8 stays, the rest is
// read as Windows-1252, so nothing is lost even when the label is wrong.
std::string charset_to_utf8(std::string_view bytes, std::string_view charset) {
    if (is_western_single_byte(to_lower_ascii(trim(charset)))) return latin1_to_utf8(bytes);
    return to_utf8(bytes);
}

// Decodes one "=?charset?B|Q?text?=" starting at text[start]; end gets the
// index after it.
std::optional<std::string> encoded_word(std::string_view text, size_t start, size_t& end) {
    const size_t q1 = text.find('?', start + 2);
    if (q1 == std::string_view::npos || q1 + 2 >= text.size() || text[q1 + 2] != '?') return {};
    const size_t close = text.find("?=", q1 + 3);
    if (close == std::string_view::npos) return {};
    const std::string_view payload = text.substr(q1 + 3, close - q1 - 3);
    if (payload.find_first_of(" \t") != std::string_view::npos) return {};
    std::string_view charset = text.substr(start + 2, q1 - start - 2);
    charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
    const char encoding = text[q1 + 1];
    std::string bytes;
    if (encoding == 'B' || encoding == 'b')
        bytes = decode_base64(payload);
    else if (encoding == 'Q' || encoding == 'q')
        bytes = decode_q(payload);
    else
        return {};
    end = close + 2;
    return charset_to_utf8(bytes, charset);
}

// RFC 2047: decodes encoded-words; whitespace between two of them is dropped.
std::string decode_encoded_words(std::string_view text) {
    std::string out;
    size_t pos = 0;
    bool after_word = false;
    for (size_t start = text.find("=?"); start != std::string_view::npos;
         start = text.find("=?", start + 2)) {
        size_t end = 0;
        const auto word = encoded_word(text, start, end);
        if (!word) continue;
        const std::string_view gap = text.substr(pos, start - pos);
        if (!(after_word && is_blank(gap))) out += gap;
        out += *word;
        pos = end;
        start = end - 2;
        after_word = true;
    }
    out += text.substr(pos);
    return out;
}

// Removes the quotes of a quoted-string and its backslash escapes.
std::string unquote(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size())
            out += text[++i];
        else if (text[i] != '"')
            out += text[i];
    }
    return out;
}

// Position of c outside any quoted-string, or npos.
size_t find_unquoted(std::string_view text, char c) {
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
        } else if (text[i] == '"') {
            quoted = !quoted;
        } else if (text[i] == c && !quoted) {
            return i;
        }
    }
    return std::string_view::npos;
}

// "John Doe <jd@x.org>" and "jd@x.org (John Doe)" give "John Doe"; a bare
// address, or a form with an empty name, gives the address.
std::string display_name(std::string_view from) {
    from = trim(from);
    std::string name;
    if (const size_t lt = find_unquoted(from, '<'); lt != std::string_view::npos) {
        name = unquote(trim(from.substr(0, lt)));
        if (is_blank(name)) {
            const std::string_view address = from.substr(lt + 1);
            name = trim(address.substr(0, address.find('>')));
        }
    } else if (const size_t open = from.find('('); open != std::string_view::npos) {
        const size_t close = from.rfind(')');
        const size_t length = close > open ? close - open - 1 : std::string_view::npos;
        name = trim(from.substr(open + 1, length));
        if (name.empty()) name = trim(from.substr(0, open));
    } else {
        name = from;
    }
    return fold_whitespace(decode_encoded_words(name));
}

// "comp.graphics, sci.space" -> "comp.graphics,sci.space".
std::string newsgroups_section(std::string_view value) {
    std::string section;
    size_t start = 0;
    while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        const std::string_view group = trim(value.substr(start, comma - start));
        if (!group.empty()) {
            if (!section.empty()) section += ',';
            section += group;
        }
        start = comma + 1;
    }
    return section;
}

// A parameter of a structured field ("charset" of a Content-Type), unquoted.
std::string parameter(std::string_view value, std::string_view name) {
    for (size_t semi = find_unquoted(value, ';'); semi != std::string_view::npos;) {
        value.remove_prefix(semi + 1);
        semi = find_unquoted(value, ';');
        const std::string_view param = value.substr(0, semi);
        const size_t eq = param.find('=');
        if (eq == std::string_view::npos) continue;
        if (to_lower_ascii(trim(param.substr(0, eq))) == name)
            return unquote(trim(param.substr(eq + 1)));
    }
    return {};
}

ContentType content_type(const Entity& entity) {
    ContentType ct;
    const std::string_view value = field(entity, "content-type");
    const std::string lowered = to_lower_ascii(value.substr(0, value.find(';')));
    const std::string_view media = lowered;
    const size_t slash = media.find('/');
    if (slash == std::string_view::npos) return ct;  // missing or invalid: RFC 2045 says text/plain
    ct.type = trim(media.substr(0, slash));
    ct.subtype = trim(media.substr(slash + 1));
    ct.charset = parameter(value, "charset");
    ct.boundary = parameter(value, "boundary");
    return ct;
}

bool is_attachment(const Entity& entity) {
    const std::string_view value = field(entity, "content-disposition");
    return to_lower_ascii(trim(value.substr(0, value.find(';')))) == "attachment";
}

// RFC 2046 reads unknown text subtypes (Usenet's text/x-usenet-FAQ) as plain;
// HTML is skipped rather than crudely stripped; a bogus major type with a plain
// subtype ("setext/plain", seen on Usenet) is still plain text.
bool is_readable_text(const ContentType& ct) {
    return ct.type == "text" ? ct.subtype != "html" : ct.subtype == "plain";
}

// The parts of a multipart body between "--boundary" lines, up to "--boundary--"
// or, when a message was cut short, the end.
std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary) {
    const std::string delimiter = "--" + std::string(boundary);
    std::vector<std::string_view> parts;
    size_t part_start = std::string_view::npos;
    size_t pos = 0;
    while (pos < body.size()) {
        const size_t line_start = pos;
        const std::string_view line = next_line(body, pos);
        if (!line.starts_with(delimiter)) continue;
        const std::string_view rest = line.substr(delimiter.size());
        const bool close = rest.starts_with("--");
        if (!close && !is_blank(rest)) continue;  // a longer boundary sharing this prefix
        if (part_start != std::string_view::npos) {
            // The newline before a delimiter belongs to the delimiter.
            const size_t end = line_start > part_start ? line_start - 1 : part_start;
            parts.push_back(body.substr(part_start, end - part_start));
        }
        if (close) return parts;
        part_start = pos;
    }
    if (part_start != std::string_view::npos) parts.push_back(body.substr(part_start));
    return parts;
}

// The text of a single part. Unencoded text is already UTF-8 (the caller
// decoded the file), so a charset only matters for encoded bytes.
std::string leaf_text(const Entity& entity, const ContentType& ct) {
    const std::string encoding = to_lower_ascii(trim(field(entity, "content-transfer-encoding")));
    if (encoding == "base64") return charset_to_utf8(decode_base64(entity.body), ct.charset);
    if (encoding == "quoted-printable")
        return charset_to_utf8(decode_quoted_printable(entity.body), ct.charset);
    return std::string(entity.body);
}

// Appends the readable text of an entity, walking multiparts depth first. Of
// a multipart/alternative only the first part that yields text counts.
void collect_text(const Entity& entity, int depth, std::vector<std::string>& texts) {
    if (is_attachment(entity)) return;
    const ContentType ct = content_type(entity);
    if (ct.type == "multipart") {
        if (ct.boundary.empty() || depth >= kMaxMimeDepth) return;
        for (const std::string_view part : split_multipart(entity.body, ct.boundary)) {
            const size_t before = texts.size();
            collect_text(parse_entity(part), depth + 1, texts);
            if (ct.subtype == "alternative" && texts.size() > before) return;
        }
        return;
    }
    if (is_readable_text(ct)) texts.push_back(leaf_text(entity, ct));
}

// Blank lines separate paragraphs; the lines of one paragraph join with a space.
void append_paragraphs(std::string_view text, std::string& body) {
    std::string paragraph;
    const auto flush = [&] {
        if (paragraph.empty()) return;
        if (!body.empty()) body += "\n\n";
        body += fold_whitespace(paragraph);
        paragraph.clear();
    };
    for (size_t pos = 0; pos < text.size();) {
        const std::string_view line = next_line(text, pos);
        if (is_blank(line)) {
            flush();
            continue;
        }
        if (!paragraph.empty()) paragraph += ' ';
        paragraph += line;
    }
    flush();
}

std::string message_body(const Entity& message) {
    std::vector<std::string> texts;
    collect_text(message, 0, texts);
    std::string body;
    for (const std::string& text : texts) append_paragraphs(text, body);
    return body;
}

void set_date(std::string_view value, Article& article, std::vector<std::string>& warnings) {
    if (is_blank(value)) return;
    // Mailers append zone comments ("-0400 (EDT)") that the whole-string form rejects.
    auto date = parse_date(value);
    if (!date) date = find_date(value);
    if (date)
        article.date = date->iso();
    else
        warnings.push_back("Date not understood: " + std::string(trim(value)));
}

}  // namespace

ParseResult parse_mail(const ParseInput& input) {
    if (is_blank(input.text)) throw ParseError("no text");
    const Entity message = parse_entity(input.text);
    ParseResult result;
    Article& article = result.articles.emplace_back();
    article.path = input.path;
    article.headline = fold_whitespace(decode_encoded_words(field(message, "subject")));
    article.byline = display_name(field(message, "from"));
    article.section = newsgroups_section(field(message, "newsgroups"));
    set_date(decode_encoded_words(field(message, "date")), article, result.warnings);
    article.body = message_body(message);
    return result;
}

bool looks_like_mail(std::string_view text) {
    const Entity header = parse_entity(text);
    if (!header.clean_header) return false;
    size_t known = 0;
    for (const std::string_view name : kMailHeaders)
        if (std::any_of(header.fields.begin(), header.fields.end(),
                        [&](const Field& f) { return f.name == name; }))
            ++known;
    return known >= 2;
}

}  // namespace gazette
