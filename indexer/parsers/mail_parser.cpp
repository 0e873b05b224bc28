#include "mail_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "charset.h"
#include "dates.h"
#include "text.h"

namespace gazette {
namespace {

// Multipart nesting deeper than this is not mail anyone wrote; it only guards
// the walk over the parts against crafted input.
constexpr int kMaxMimeDepth = 8;

// Headers that only mail and news carry; two of them at the top make a message.
constexpr std::array<std::string_view, 14> kMailHeaders = {
    "from", "subject", "newsgroups", "date",        "message-id",   "path",     "xref",
    "to",   "cc",      "references", "in-reply-to", "mime-version", "received", "return-path"};

// GMime's objects are GObjects, and its strings g_malloc'ed.
struct Unref {
    void operator()(void* object) const { g_object_unref(object); }
};
template <typename T>
using GPtr = std::unique_ptr<T, Unref>;
struct GFree {
    void operator()(char* text) const { g_free(text); }
};
using GText = std::unique_ptr<char, GFree>;

// GMime's global state and the one set of parser options, made once for the
// process (a static local's initialisation is thread-safe; g_mime_init is not).
// Loose compliance everywhere: real mail and Usenet break every RFC. Raw 8-bit
// headers are read as UTF-8, else Windows-1252, as files are.
GMimeParserOptions* parser_options() {
    static GMimeParserOptions* const options = [] {
        g_mime_init();
        GMimeParserOptions* o = g_mime_parser_options_new();
        g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
        g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
        g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
        g_mime_parser_options_set_allow_addresses_without_domain(o, TRUE);
        const char* fallback[] = {"utf-8", "windows-1252", nullptr};
        g_mime_parser_options_set_fallback_charsets(o, fallback);
        return o;
    }();
    return options;
}

// The header block as our own small reader sees it: GMime's parser stops at
// the first line that is not a header, where Usenet spools (20 Newsgroups)
// start with the folded tail of a "Path:" that lost its name. It finds mail
// for format detection, and fields GMime missed.
struct Field {
    std::string name;   // lowercased
    std::string value;  // continuation lines joined with a space
};
struct HeaderBlock {
    std::vector<Field> fields;
    size_t start = 0;   // where the first field is (past an mbox line, stray continuations)
    size_t end = 0;     // where the last field's line ends
    size_t body = 0;    // where the body starts (past the blank line)
    bool clean = true;  // ended by a blank line or the end, not by a stray line
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

// Reads the header block; continuation lines before the first field are skipped.
HeaderBlock read_header_block(std::string_view text) {
    HeaderBlock header;
    size_t pos = 0;
    if (text.starts_with("From ")) next_line(text, pos);  // mbox envelope line
    header.start = header.end = header.body = pos;
    while (pos < text.size()) {
        const size_t line_start = pos;
        const std::string_view line = next_line(text, pos);
        if (is_blank(line)) {
            header.body = pos;
            return header;
        }
        if (is_continuation(line)) {
            if (header.fields.empty()) {
                header.start = pos;
            } else {
                header.fields.back().value += ' ';
                header.fields.back().value += trim(line);
            }
        } else if (auto field = split_field(line)) {
            header.fields.push_back(std::move(*field));
        } else {
            header.clean = false;  // no blank line: the body starts here
            header.body = line_start;
            return header;
        }
        header.end = header.body = pos;
    }
    return header;
}

// The first field of that (lowercase) name, or "".
std::string_view field(const HeaderBlock& header, std::string_view name) {
    for (const Field& f : header.fields)
        if (f.name == name) return f.value;
    return {};
}

std::string to_string(const char* text) {
    return text ? text : "";
}

// RFC 2047 encoded-words and raw 8-bit bytes of a header value, decoded by GMime.
std::string decode_header(std::string_view value) {
    const GText decoded(
        g_mime_utils_header_decode_text(parser_options(), std::string(value).c_str()));
    return to_utf8(to_string(decoded.get()));
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

// "John Doe <jd@x.org>" and "jd@x.org (John Doe)" give "John Doe"; a bare
// address, or a form with an empty name, gives the address. For the From lines
// GMime cannot read as an address.
std::string display_name(std::string_view from) {
    from = trim(from);
    std::string name;
    if (const size_t lt = from.rfind('<'); lt != std::string_view::npos) {
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
    return fold_whitespace(decode_header(name));
}

// The first sender by GMime: its display name, else its address. Nothing for
// a group: a name with a colon ("The Fanatical: Pat Ellis <pe@x.edu>") is not one.
std::string sender(GMimeMessage* message) {
    InternetAddressList* from = g_mime_message_get_from(message);
    if (!from || internet_address_list_length(from) == 0) return {};
    InternetAddress* address = internet_address_list_get_address(from, 0);
    if (INTERNET_ADDRESS_IS_GROUP(address)) return {};
    std::string name = fold_whitespace(to_utf8(to_string(internet_address_get_name(address))));
    if (name.empty() && INTERNET_ADDRESS_IS_MAILBOX(address))
        name = to_string(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
    return to_utf8(name);
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

// RFC 2046 reads unknown text subtypes (Usenet's text/x-usenet-FAQ) as plain;
// HTML is skipped rather than crudely stripped; a bogus major type with a plain
// subtype ("setext/plain", seen on Usenet) is still plain text.
bool is_readable_text(GMimeObject* part) {
    GMimeContentType* ct = g_mime_object_get_content_type(part);
    const std::string type = to_lower_ascii(to_string(g_mime_content_type_get_media_type(ct)));
    const std::string subtype =
        to_lower_ascii(to_string(g_mime_content_type_get_media_subtype(ct)));
    return type == "text" ? subtype != "html" : subtype == "plain";
}

bool is_attachment(GMimeObject* part) {
    return to_lower_ascii(to_string(g_mime_object_get_disposition(part))) == "attachment";
}

// A leaf part's text: GMime undoes the transfer encoding, the part's charset
// (or, without one, uchardet's guess) says how to read the bytes.
std::string leaf_text(GMimePart* part) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content) return {};
    const GPtr<GMimeStream> decoded(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(content, decoded.get()) < 0) return {};
    const GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(decoded.get()));
    const std::string_view raw(reinterpret_cast<const char*>(bytes->data), bytes->len);
    return decode_text(
        raw, to_string(g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset")));
}

// Appends the readable text of a part, walking multiparts depth first. Of a
// multipart/alternative only the first part that yields text counts; attached
// messages and attachments are skipped.
void collect_text(GMimeObject* part, int depth, std::vector<std::string>& texts) {
    if (!part || is_attachment(part)) return;
    if (GMIME_IS_MULTIPART(part)) {
        if (depth >= kMaxMimeDepth) return;
        GMimeMultipart* multipart = GMIME_MULTIPART(part);
        const std::string subtype = to_lower_ascii(
            to_string(g_mime_content_type_get_media_subtype(g_mime_object_get_content_type(part))));
        for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
            const size_t before = texts.size();
            collect_text(g_mime_multipart_get_part(multipart, i), depth + 1, texts);
            if (subtype == "alternative" && texts.size() > before) return;
        }
        return;
    }
    if (GMIME_IS_PART(part) && is_readable_text(part)) texts.push_back(leaf_text(GMIME_PART(part)));
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

// The message parsed by GMime, with the header block our reader found: GMime
// would read a line of spaces as more header, and stop at a stray first line.
GPtr<GMimeMessage> parse_message(std::string_view bytes, const HeaderBlock& header) {
    std::string message(bytes.substr(header.start, header.end - header.start));
    message += '\n';
    message += bytes.substr(header.body);
    const GPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(message.data(), message.size()));
    const GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    return GPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), parser_options()));
}

// A header by GMime (decoded), else by our reader.
std::string header_value(GMimeMessage* message, const HeaderBlock& header, const char* name) {
    if (const char* value = g_mime_object_get_header(GMIME_OBJECT(message), name))
        if (!is_blank(value)) return to_utf8(value);
    return decode_header(field(header, to_lower_ascii(name)));
}

}  // namespace

ParseResult parse_mail(const ParseInput& input) {
    const std::string_view bytes = input.bytes.empty() ? input.text : input.bytes;
    if (is_blank(bytes)) throw ParseError("no text");
    const HeaderBlock header = read_header_block(bytes);
    const GPtr<GMimeMessage> message = parse_message(bytes, header);
    if (!message) throw ParseError("not a mail message");
    ParseResult result;
    Article& article = result.articles.emplace_back();
    article.path = input.path;
    article.headline = fold_whitespace(header_value(message.get(), header, "Subject"));
    // Usenet's "address (Name)": GMime drops quotes inside the comment, which
    // RFC 5322 keeps as they are ("Keith \"Justified\" Cochran").
    const std::string_view from = field(header, "from");
    const bool comment_form =
        from.find('<') == std::string_view::npos && from.find('(') != std::string_view::npos;
    if (!comment_form) article.byline = sender(message.get());
    if (article.byline.empty()) article.byline = display_name(from);
    article.section = newsgroups_section(header_value(message.get(), header, "Newsgroups"));
    set_date(header_value(message.get(), header, "Date"), article, result.warnings);
    std::vector<std::string> texts;
    collect_text(g_mime_message_get_mime_part(message.get()), 0, texts);
    for (const std::string& text : texts) append_paragraphs(text, article.body);
    return result;
}

bool looks_like_mail(std::string_view text) {
    const HeaderBlock header = read_header_block(text);
    if (!header.clean) return false;
    size_t known = 0;
    for (const std::string_view name : kMailHeaders)
        if (std::any_of(header.fields.begin(), header.fields.end(),
                        [&](const Field& f) { return f.name == name; }))
            ++known;
    return known >= 2;
}

}  // namespace gazette
