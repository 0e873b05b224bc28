#include "charset.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>

#include "text.h"

namespace gazette {
namespace {

// uchardet reads at most this much of a file: enough to tell, and bounded.
constexpr size_t kDetectBytes = 64 * 1024;
// HTML's prescan looks for a declaration in this much of a page.
constexpr size_t kHtmlPrescanBytes = 1024;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct Alias {
    std::string_view label;
    std::string_view charset;  // iconv's name
};

// Labels read as a superset, as the WHATWG Encoding Standard (and so browsers) do.
constexpr std::array<Alias, 16> kAliases = {{
    {"us-ascii", "WINDOWS-1252"},
    {"ascii", "WINDOWS-1252"},
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"latin-1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"},
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},
    {"cp936", "GB18030"},
    {"shift_jis", "CP932"},
    {"sjis", "CP932"},
    {"windows-31j", "CP932"},
    {"euc-kr", "CP949"},
}};

bool is_utf8_label(std::string_view label) {
    return label == "utf-8" || label == "utf8" || label == "unicode-1-1-utf-8";
}

std::string iconv_name(std::string_view charset) {
    const std::string label = to_lower_ascii(trim(charset));
    for (const Alias& a : kAliases)
        if (a.label == label) return std::string(a.charset);
    return label;
}

// Single-byte charsets of Latin scripts, as uchardet names them. They agree on
// the common accented letters, and on a few of them in a mostly English text
// uchardet's choice between them is a coin toss (it named 8 of the 73 non-UTF-8
// posts of 20 Newsgroups ISO-8859-2 for French accents).
bool is_latin_single_byte(std::string_view name) {
    static constexpr std::array<std::string_view, 17> kLatin = {
        "ISO-8859-1",   "ISO-8859-2",       "ISO-8859-3",   "ISO-8859-4",   "ISO-8859-9",
        "ISO-8859-10",  "ISO-8859-13",      "ISO-8859-14",  "ISO-8859-15",  "ISO-8859-16",
        "WINDOWS-1250", "WINDOWS-1252",     "WINDOWS-1254", "WINDOWS-1257", "WINDOWS-1258",
        "IBM852",       "MAC-CENTRALEUROPE"};
    return std::find(kLatin.begin(), kLatin.end(), name) != kLatin.end();
}

// uchardet's name for the charset of the bytes, or "" when it cannot tell.
std::string detect_charset(std::string_view bytes) {
    const std::unique_ptr<uchardet, decltype(&uchardet_delete)> detector(uchardet_new(),
                                                                         uchardet_delete);
    const std::string_view sample = bytes.substr(0, kDetectBytes);
    if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) return {};
    uchardet_data_end(detector.get());
    return uchardet_get_charset(detector.get());
}

}  // namespace

std::optional<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset) {
    const std::string from = iconv_name(charset);
    iconv_t cd = iconv_open("UTF-8", from.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    const std::unique_ptr<void, decltype(&iconv_close)> guard(cd, iconv_close);
    std::string out;
    out.reserve(bytes.size() * 3 / 2);
    std::array<char, 4096> buffer;
    char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write
    size_t in_left = bytes.size();
    for (bool flushed = false; !flushed;) {
        char* next = buffer.data();
        size_t out_left = buffer.size();
        // Past the input, one call with no input ends a stateful charset's shift sequence.
        const bool ending = in_left == 0;
        const size_t result = ending ? iconv(cd, nullptr, nullptr, &next, &out_left)
                                     : iconv(cd, &in, &in_left, &next, &out_left);
        out.append(buffer.data(), next);
        if (result != static_cast<size_t>(-1)) {
            flushed = ending;
        } else if (errno == EILSEQ || errno == EINVAL) {
            // Invalid here, or cut short at the end: mark it and go on after the byte.
            out += kReplacement;
            ++in;
            --in_left;
        } else if (errno != E2BIG) {
            return std::nullopt;
        }
    }
    return out;
}

std::string decode_text(std::string_view bytes, std::string_view declared) {
    if (utf16_byte_order(bytes) || is_valid_utf8(bytes)) return to_utf8(bytes);
    const std::string label = to_lower_ascii(trim(declared));
    if (!label.empty() && !is_utf8_label(label))
        if (const auto converted = convert_to_utf8(bytes, label)) return to_utf8(*converted);
    const std::string guess = detect_charset(bytes);
    if (!guess.empty() && guess != "UTF-8" && !is_latin_single_byte(guess))
        if (const auto converted = convert_to_utf8(bytes, guess)) return to_utf8(*converted);
    return to_utf8(bytes);  // Windows-1252 for every stray byte
}

std::string html_declared_charset(std::string_view bytes) {
    const std::string head = to_lower_ascii(bytes.substr(0, kHtmlPrescanBytes));
    // "charset" or "encoding", "=", optional quotes, the label.
    const auto label_after = [&](size_t at, size_t end) -> std::string {
        size_t pos = head.find_first_not_of(" \t\r\n", at);
        if (pos >= end || head[pos] != '=') return {};
        pos = head.find_first_not_of(" \t\r\n\"'", pos + 1);
        if (pos >= end) return {};
        const size_t stop = head.find_first_of(" \t\r\n\"';/>", pos);
        return head.substr(pos, std::min(stop, end) - pos);
    };
    if (head.starts_with("<?xml")) {
        const size_t end = head.find("?>");
        if (const size_t at = head.find("encoding"); at < end)
            if (std::string label = label_after(at + 8, end); !label.empty()) return label;
    }
    for (size_t meta = head.find("<meta"); meta != std::string::npos;
         meta = head.find("<meta", meta + 5)) {
        const size_t end = std::min(head.find('>', meta), head.size());
        if (const size_t at = head.find("charset", meta); at < end)
            if (std::string label = label_after(at + 7, end); !label.empty()) return label;
    }
    return {};
}

}  // namespace gazette
